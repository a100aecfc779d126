import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import { isPodReady } from '../util/pod.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

describe('node IPAM and node loss against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  beforeAll(async () => {
    c = await startSimCluster();
    for (const n of ['node-a', 'node-b', 'node-c']) await c.addNode(n);
    mgr = c.startManager({
      controllers: ['replicaset', 'nodeipam', 'nodelifecycle', 'taint-eviction-controller'],
      options: { nodeMonitorGracePeriodMs: 3000, nodeMonitorPeriodMs: 500, nodeEvictionRate: 10 },
    });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });

  it('gives every node its own pod CIDR', async () => {
    const cidrs = await waitFor('pod CIDRs on all nodes', async () => {
      const nodes = (await c.client.resource<Node>(Resources.nodes).list(undefined)).items;
      const got = nodes.map((n) => n.spec?.podCIDR).filter(Boolean);
      return got.length === 3 ? got : undefined;
    });
    expect(new Set(cidrs).size).toBe(3);
    for (const cidr of cidrs) expect(cidr).toMatch(/^10\.244\.\d+\.0\/24$/);
  });

  it("replaces a dead node's pods on other nodes within grace period + tolerationSeconds", async () => {
    await c.client.resource(Resources.replicasets).create('default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'web:v1' }],
            tolerations: [
              { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
              { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
            ],
          },
        },
      },
    } as never);
    const pods = () => c.client.resource<Pod>(Resources.pods).list('default', { labelSelector: 'app=web' }).then((l) => l.items);
    await waitFor('6 ready pods over 3 nodes', async () => (await pods()).filter(isPodReady).length === 6);
    const onB = (await pods()).filter((p) => p.spec?.nodeName === 'node-b').map((p) => p.metadata.name);
    expect(onB.length).toBeGreaterThan(0);

    const killedAt = Date.now();
    c.killNode('node-b');
    await waitFor('node-b Ready=Unknown and tainted unreachable:NoExecute', async () => {
      const n = await c.client.resource<Node>(Resources.nodes).get(undefined, 'node-b');
      const ready = n.status?.conditions?.find((x) => x.type === 'Ready');
      return ready?.status === 'Unknown' && ready.reason === 'NodeStatusUnknown' && n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
    }, 20_000);
    const replaced = await waitFor('6 ready pods on live nodes', async () => {
      const all = await pods();
      const live = all.filter((p) => !p.metadata.deletionTimestamp && p.spec?.nodeName !== 'node-b' && isPodReady(p));
      return live.length === 6 ? all : undefined;
    }, 30_000, async () => (await pods()).map((p) => [p.metadata.name, p.spec?.nodeName, !!p.metadata.deletionTimestamp, isPodReady(p)]));
    // grace 3 s + tolerationSeconds 2 s, with slack for a busy machine.
    expect(Date.now() - killedAt).toBeLessThan(25_000);
    // Pods on the unreachable node stay Terminating (no kubelet confirms), marked not ready.
    for (const name of onB) {
      const p = replaced.find((x) => x.metadata.name === name);
      expect(p?.metadata.deletionTimestamp).toBeTruthy();
      expect(isPodReady(p!)).toBe(false);
    }

    // The node comes back: its taints are cleared.
    await c.reviveNode('node-b');
    await waitFor('node-b taints cleared', async () => {
      const n = await c.client.resource<Node>(Resources.nodes).get(undefined, 'node-b');
      return !(n.spec?.taints ?? []).some((t) => t.key.startsWith('node.kubernetes.io/'));
    }, 20_000);
  });
});
