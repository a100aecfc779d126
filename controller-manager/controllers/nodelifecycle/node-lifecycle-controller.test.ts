import { describe, expect, it } from 'vitest';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { evictionRate, newNodeLifecycleController } from './node-lifecycle-controller.ts';

const T0 = '2026-01-01T00:00:00Z';
const node = (name: string, ready: 'True' | 'False' | 'Unknown' = 'True', zone?: string): Node =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {}) },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: T0, lastTransitionTime: T0 }] },
  }) as Node;
const lease = (name: string, renew: string): KubeObject => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, renewTime: renew } }) as KubeObject;

function refresh(h: Harness): void {
  h.informers.informer<Node>(Resources.nodes).add(...(h.fake.tracker.list(Resources.nodes, {}).items as Node[]));
}
const taintsOf = (h: Harness, name: string) => ((h.fake.tracker.get(Resources.nodes, undefined, name) as Node).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();

describe('node lifecycle controller', () => {
  it('marks a silent node Unknown after the grace period, taints it and marks its pods not ready', async () => {
    const h = newHarness({ nodeMonitorGracePeriodMs: 40_000 });
    h.seed(Resources.nodes, node('a'), node('b'));
    h.seed(Resources.leases, lease('a', T0), lease('b', T0));
    h.seed(Resources.pods, podFixture('p', { node: 'a', ready: true }));
    const c = newNodeLifecycleController(h.ctx);
    await c.monitorNodeHealth();
    expect(h.writes()).toEqual([]);
    // b keeps renewing its lease, a does not.
    h.clock.step(41_000);
    h.informers.informer(Resources.leases).add(lease('b', '2026-01-01T00:00:40Z'));
    await c.monitorNodeHealth();
    const a = h.fake.tracker.get(Resources.nodes, undefined, 'a') as Node;
    expect(a.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(taintsOf(h, 'a')).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(taintsOf(h, 'b')).toEqual([]);
    const p = h.fake.tracker.get(Resources.pods, 'default', 'p') as Pod;
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
  });

  it('taints a NotReady node not-ready and clears taints once it is Ready again', async () => {
    const h = newHarness();
    h.seed(Resources.nodes, node('a', 'False'), node('b'));
    const c = newNodeLifecycleController(h.ctx);
    await c.monitorNodeHealth();
    expect(taintsOf(h, 'a')).toEqual(['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
    const healed = h.fake.tracker.get(Resources.nodes, undefined, 'a') as Node;
    healed.status!.conditions![0] = { ...healed.status!.conditions![0], status: 'True', lastHeartbeatTime: '2026-01-01T00:00:05Z' };
    h.fake.tracker.update(Resources.nodes, healed, 'status');
    refresh(h);
    await c.monitorNodeHealth();
    expect(taintsOf(h, 'a')).toEqual([]);
  });

  it('rate-limits NoExecute tainting at --node-eviction-rate', async () => {
    const h = newHarness({ nodeEvictionRate: 0.1 });
    h.seed(Resources.nodes, node('a', 'False'), node('b', 'False'), ...['c', 'd', 'e', 'f', 'g', 'h'].map((n) => node(n)));
    const c = newNodeLifecycleController(h.ctx);
    await c.monitorNodeHealth();
    const noExec = () => ['a', 'b'].filter((n) => taintsOf(h, n).includes('node.kubernetes.io/not-ready:NoExecute')).length;
    expect(noExec()).toBe(1);
    refresh(h);
    h.clock.step(5_000);
    await c.monitorNodeHealth();
    expect(noExec()).toBe(1);
    refresh(h);
    h.clock.step(5_001);
    await c.monitorNodeHealth();
    expect(noExec()).toBe(2);
  });

  it.each([
    [['True', 'True', 'False'], 0.1],
    [['True', 'False', 'False', 'False'], 0],
    [['True', 'True', 'True', 'False', 'False', 'False', 'True', 'True'], 0.1],
    [['False', 'False', 'False', 'True', 'True'], 0],
  ] as const)('eviction rate for %j is %s', (states, rate) => {
    expect(evictionRate(states.map((s, i) => node(`n${i}`, s)), 0.55, 0.1)).toBe(rate);
  });

  it('does not NoExecute-taint when every node is down', async () => {
    const h = newHarness();
    h.seed(Resources.nodes, node('a', 'Unknown'));
    await newNodeLifecycleController(h.ctx).monitorNodeHealth();
    expect(taintsOf(h, 'a')).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
  });
});
