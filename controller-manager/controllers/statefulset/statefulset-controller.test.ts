import { describe, expect, it } from 'vitest';
import type { StatefulSet } from '../../../api/apps/v1/statefulset.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { computeHash } from '../deployment/util.ts';
import { newStatefulSetController } from './statefulset-controller.ts';

const template = (image: string) => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image }] } });
const sts = (o: { replicas?: number; image?: string; parallel?: boolean; partition?: number } = {}): StatefulSet =>
  ({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: o.replicas ?? 3, serviceName: 'web', selector: { matchLabels: { app: 'db' } }, template: template(o.image ?? 'v1'),
      podManagementPolicy: o.parallel ? 'Parallel' : 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  }) as unknown as StatefulSet;

const member = (owner: KubeObject, i: number, image = 'v1', ready = true): Pod => {
  const p = podFixture(`web-${i}`, { owner: { ...owner, kind: 'StatefulSet' }, node: 'n', ready, labels: { app: 'db', 'controller-revision-hash': `web-${computeHash(template(image))}` } });
  return p;
};

function setup(s: StatefulSet, pods: (o: KubeObject) => Pod[] = () => []): Harness {
  const h = newHarness();
  const [stored] = h.seed(Resources.statefulsets, s);
  h.seed(Resources.pods, ...pods(stored));
  return h;
}
const createdPods = (h: Harness) => h.actionsOf('create', 'pods').map((a) => a.object as Pod);
const deletedPods = (h: Harness) => h.actionsOf('delete', 'pods').map((a) => a.name);

describe('StatefulSet controller', () => {
  it('OrderedReady creates web-0 first, with its claim, hostname and subdomain', async () => {
    const h = setup(sts());
    await newStatefulSetController(h.ctx).sync('default/web');
    const [p] = createdPods(h);
    expect(createdPods(h)).toHaveLength(1);
    expect(p.metadata.name).toBe('web-0');
    expect(p.spec).toMatchObject({ hostname: 'web-0', subdomain: 'web' });
    expect(p.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } }]);
    expect(p.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': `web-${computeHash(template('v1'))}` });
    expect(h.actionsOf('create', 'persistentvolumeclaims').map((a) => a.name)).toEqual(['data-web-0']);
  });

  it.each([
    ['waits for web-0 to be ready', (o: KubeObject) => [member(o, 0, 'v1', false)], []],
    ['creates web-1 once web-0 is ready', (o: KubeObject) => [member(o, 0)], ['web-1']],
  ])('%s', async (_n, pods, want) => {
    const h = setup(sts(), pods);
    await newStatefulSetController(h.ctx).sync('default/web');
    expect(createdPods(h).map((p) => p.metadata.name)).toEqual(want);
  });

  it('Parallel creates every pod at once', async () => {
    const h = setup(sts({ parallel: true }));
    await newStatefulSetController(h.ctx).sync('default/web');
    expect(createdPods(h).map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('scales down from the highest ordinal, one at a time, keeping claims', async () => {
    const h = setup(sts({ replicas: 1 }), (o) => [member(o, 0), member(o, 1), member(o, 2)]);
    await newStatefulSetController(h.ctx).sync('default/web');
    expect(deletedPods(h)).toEqual(['web-2']);
    expect(h.actionsOf('delete', 'persistentvolumeclaims')).toEqual([]);
  });

  it.each([
    [0, ['web-2']],
    [2, ['web-2']],
    [3, []],
  ])('rolling update with partition %s deletes %j first', async (partition, want) => {
    const h = setup(sts({ image: 'v2', partition }), (o) => [member(o, 0), member(o, 1), member(o, 2)]);
    await newStatefulSetController(h.ctx).sync('default/web');
    expect(deletedPods(h)).toEqual(want);
  });

  it('re-uses an existing claim when a pod is recreated', async () => {
    const h = setup(sts({ replicas: 1 }));
    h.seed(Resources.persistentvolumeclaims, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-web-0', namespace: 'default' }, spec: {} } as KubeObject);
    await newStatefulSetController(h.ctx).sync('default/web');
    expect(createdPods(h).map((p) => p.metadata.name)).toEqual(['web-0']);
  });

  it('reports status with revisions', async () => {
    const h = setup(sts(), (o) => [member(o, 0), member(o, 1), member(o, 2)]);
    await newStatefulSetController(h.ctx).sync('default/web');
    const rev = `web-${computeHash(template('v1'))}`;
    expect((h.fake.tracker.get(Resources.statefulsets, 'default', 'web') as StatefulSet).status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: rev, updateRevision: rev });
  });
});
