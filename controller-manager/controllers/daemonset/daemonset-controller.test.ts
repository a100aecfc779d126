import { describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../../api/apps/v1/daemonset.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { computeHash } from '../deployment/util.ts';
import { newDaemonSetController } from './daemonset-controller.ts';

const node = (name: string, labels: Record<string, string> = {}, taints: unknown[] = []): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } }) as Node;
const template = (image: string, extra: Record<string, unknown> = {}) => ({ metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }], ...extra } });
const ds = (image = 'v1', extra: Record<string, unknown> = {}, maxUnavailable: number | string = 1): DaemonSet =>
  ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template(image, extra), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } } } }) as DaemonSet;

function daemonPod(name: string, owner: KubeObject, nodeName: string, image: string, ready = true): Pod {
  const p = podFixture(name, { ns: 'kube-system', owner: { ...owner, kind: 'DaemonSet' }, node: nodeName, ready, labels: { app: 'agent', 'controller-revision-hash': computeHash(template(image)) } });
  return p;
}

function setup(d: DaemonSet, nodes: Node[], pods: (o: KubeObject) => Pod[] = () => []): Harness {
  const h = newHarness();
  h.seed(Resources.nodes, ...nodes);
  const [stored] = h.seed(Resources.daemonsets, d);
  h.seed(Resources.pods, ...pods(stored));
  return h;
}
const created = (h: Harness) => h.actionsOf('create', 'pods').map((a) => a.object as Pod);
const targetOf = (p: Pod) => p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchFields?.[0].values?.[0];

describe('DaemonSet controller', () => {
  it('creates one pod per eligible node with node affinity and default tolerations', async () => {
    const h = setup(ds('v1', { nodeSelector: { role: 'worker' } }), [
      node('a', { role: 'worker' }),
      node('b', { role: 'worker' }, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]),
      node('c', { role: 'master' }),
      node('d', { role: 'worker' }, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
    ]);
    await newDaemonSetController(h.ctx).sync('kube-system/agent');
    const pods = created(h);
    expect(pods.map(targetOf).sort()).toEqual(['a', 'b']);
    expect(pods[0].spec.nodeName).toBeUndefined();
    expect(pods[0].spec.tolerations?.map((t) => t.key)).toContain('node.kubernetes.io/unreachable');
    expect(pods[0].metadata.labels?.['controller-revision-hash']).toBe(computeHash(template('v1', { nodeSelector: { role: 'worker' } })));
    const st = (h.fake.tracker.get(Resources.daemonsets, 'kube-system', 'agent') as DaemonSet).status;
    expect(st).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 0, numberMisscheduled: 0 });
    expect(h.actionsOf('create', 'controllerrevisions')).toHaveLength(1);
  });

  it('deletes pods from nodes that no longer qualify and reports status', async () => {
    const h = setup(ds('v1', { nodeSelector: { role: 'worker' } }), [node('a', { role: 'worker' }), node('b', { role: 'master' })], (o) => {
      const t = template('v1', { nodeSelector: { role: 'worker' } });
      const mk = (n: string, nodeName: string) => ({ ...daemonPod(n, o, nodeName, 'v1'), metadata: { ...daemonPod(n, o, nodeName, 'v1').metadata, labels: { app: 'agent', 'controller-revision-hash': computeHash(t) } } });
      return [mk('pa', 'a'), mk('pb', 'b')];
    });
    await newDaemonSetController(h.ctx).sync('kube-system/agent');
    expect(h.writes().filter((w) => w.startsWith('delete pods'))).toEqual(['delete pods kube-system/pb']);
    expect((h.fake.tracker.get(Resources.daemonsets, 'kube-system', 'agent') as DaemonSet).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1, numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1 });
  });

  it('rolls an update at most maxUnavailable nodes at a time', async () => {
    const h = setup(ds('v2', {}, 1), [node('a'), node('b'), node('c')], (o) => [daemonPod('pa', o, 'a', 'v1'), daemonPod('pb', o, 'b', 'v1'), daemonPod('pc', o, 'c', 'v1')]);
    await newDaemonSetController(h.ctx).sync('kube-system/agent');
    expect(h.writes().filter((w) => w.startsWith('delete pods'))).toHaveLength(1);
    expect(created(h)).toHaveLength(0);
  });

  it('replaces old unavailable pods first, regardless of the budget', async () => {
    const h = setup(ds('v2', {}, 1), [node('a'), node('b')], (o) => [daemonPod('pa', o, 'a', 'v1', false), daemonPod('pb', o, 'b', 'v1', false)]);
    await newDaemonSetController(h.ctx).sync('kube-system/agent');
    expect(h.writes().filter((w) => w.startsWith('delete pods')).sort()).toEqual(['delete pods kube-system/pa', 'delete pods kube-system/pb']);
  });

  it('recreates a failed pod', async () => {
    const h = setup(ds('v1'), [node('a')], (o) => [{ ...daemonPod('pa', o, 'a', 'v1'), status: { phase: 'Failed' } } as Pod]);
    await newDaemonSetController(h.ctx).sync('kube-system/agent');
    expect(h.writes().filter((w) => w.startsWith('delete pods'))).toEqual(['delete pods kube-system/pa']);
  });
});
