import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTooManyRequests } from '../../../api/errors.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { PodDisruptionBudget } from '../../../api/policy/v1/poddisruptionbudget.ts';
import { Resources } from '../../../api/resources.ts';
import { startSimCluster, waitFor, type SimCluster } from '../../test-util/sim-cluster.ts';

describe('disruption controller and pods/eviction against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  beforeAll(async () => {
    c = await startSimCluster();
    await c.addNode('node-a');
    mgr = c.startManager({ controllers: ['replicaset', 'deployment', 'disruption'] });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });

  const pdb = (name: string) => c.client.resource<PodDisruptionBudget>(Resources.poddisruptionbudgets).get('default', name);
  const evict = (name: string) => c.client.request('POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } } });

  it('computes the budget from the deployment scale (maxUnavailable)', async () => {
    await c.client.resource(Resources.deployments).create('default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    } as never);
    await c.client.resource(Resources.poddisruptionbudgets).create('default', {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
    } as never);
    const ready = await waitFor('budget sees 3 healthy pods', async () => {
      const s = (await pdb('web')).status;
      return s?.currentHealthy === 3 && s.disruptionsAllowed === 1 ? s : undefined;
    }, 60_000, () => pdb('web').then((p) => p.status));
    expect(ready).toMatchObject({ expectedPods: 3, desiredHealthy: 2, observedGeneration: 1 });
    expect(ready.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
  });

  it('lets exactly the allowed evictions through (bare pods: nothing replaces them)', async () => {
    for (const name of ['b1', 'b2', 'b3']) {
      await c.client.resource<Pod>(Resources.pods).create('default', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'bare' } }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'i' }] } } as never);
    }
    await c.client.resource(Resources.poddisruptionbudgets).create('default', {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'bare', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'bare' } } },
    } as never);
    await waitFor('budget allows one disruption', async () => (await pdb('bare')).status?.disruptionsAllowed === 1, 60_000, () => pdb('bare').then((p) => p.status));
    expect((await evict('b1')).status).toBe(201);
    const refused = await evict('b2').then(() => 'allowed', (err: unknown) => err);
    expect(isTooManyRequests(refused), String(refused)).toBe(true);
    await waitFor('controller agrees: 2 healthy, none allowed', async () => {
      const s = (await pdb('bare')).status;
      return s?.currentHealthy === 2 && s.disruptionsAllowed === 0;
    }, 60_000, () => pdb('bare').then((p) => p.status));
  });
});
