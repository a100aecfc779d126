import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { leaseElector } from '../leader.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

describe('two controller-managers under leader election', () => {
  let c: SimCluster;
  beforeAll(async () => {
    c = await startSimCluster();
    await c.addNode('node-a');
  });
  afterAll(async () => c?.stop());

  it('one acts, the other takes over when it stops, and no change is acted on twice', async () => {
    const elector = leaseElector(c.client, { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 300 }, silentLogger());
    const states: Record<string, string> = {};
    const start = (id: string) => c.startManager({ controllers: ['replicaset'], elector, identity: id, onState: (s) => (states[id] = s) });
    const m1 = start('cm-1');
    await waitFor('cm-1 leading', () => states['cm-1'] === 'leading');
    const m2 = start('cm-2');

    // Count every pod creation the cluster sees.
    const created = new Set<string>();
    const ac = new AbortController();
    const watching = (async () => {
      try {
        for await (const ev of c.client.resource<Pod>(Resources.pods).watch('default', { labelSelector: 'app=web', signal: ac.signal })) {
          if (ev.type === 'ADDED') created.add(ev.object.metadata.name ?? '');
        }
      } catch (err) {
        if (!ac.signal.aborted) throw err;
      }
    })();

    const rs = c.client.resource(Resources.replicasets);
    await rs.create('default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    } as never);
    await waitFor('3 pods', () => created.size === 3);
    expect(states['cm-2']).toBeUndefined();

    await m1.stop();
    await waitFor('cm-2 leading', () => states['cm-2'] === 'leading', 20_000, () => states);
    await rs.patch('default', 'web', 'merge', { spec: { replicas: 5 } });
    await waitFor('5 pods', () => created.size === 5);
    // Settle: nobody creates extra pods for the same change.
    await waitFor('ready replicas reported', async () => ((await rs.get('default', 'web')) as { status?: { readyReplicas?: number } }).status?.readyReplicas === 5);
    expect(created.size).toBe(5);
    ac.abort();
    await watching;
    await m2.stop();
  });
});
