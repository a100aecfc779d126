import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../api/apps/v1/daemonset.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import { isPodReady } from '../util/pod.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

describe('daemonset controller against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  beforeAll(async () => {
    c = await startSimCluster();
    for (const n of ['node-a', 'node-b']) await c.addNode(n);
    mgr = c.startManager({ controllers: ['daemonset'] });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });

  it('runs one pod per node, including a node added later, and rolls an update', async () => {
    const pods = async () => (await c.client.resource<Pod>(Resources.pods).list('default', { labelSelector: 'app=agent' })).items.filter((p) => !p.metadata.deletionTimestamp);
    const dss = c.client.resource<DaemonSet>(Resources.daemonsets);
    await dss.create('default', {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'agent:v1' }] } } as never },
    } as DaemonSet);
    const onNodes = async (image: string, n: number) => {
      const ps = (await pods()).filter((p) => isPodReady(p) && p.spec?.containers[0].image === image);
      return ps.length === n && new Set(ps.map((p) => p.spec?.nodeName)).size === n;
    };
    await waitFor('2 daemon pods', () => onNodes('agent:v1', 2));
    await c.addNode('node-c');
    await waitFor('3 daemon pods', () => onNodes('agent:v1', 3));
    await dss.patch('default', 'agent', 'merge', { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:v2' }] } } } });
    await waitFor('3 updated daemon pods', () => onNodes('agent:v2', 3), 60_000, async () => (await pods()).map((p) => [p.spec?.nodeName, p.spec?.containers[0].image]));
    const st = await waitFor('status', async () => {
      const s = (await dss.get('default', 'agent')).status;
      return s?.updatedNumberScheduled === 3 && s.numberAvailable === 3 ? s : undefined;
    });
    expect(st).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberMisscheduled: 0 });
    expect((await c.client.resource(Resources.controllerrevisions).list('default')).items.length).toBe(2);
  });
});
