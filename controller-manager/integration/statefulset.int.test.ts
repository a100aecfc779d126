import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatefulSet } from '../../api/apps/v1/statefulset.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import { isPodReady } from '../util/pod.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

describe('statefulset controller against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  beforeAll(async () => {
    c = await startSimCluster();
    for (const n of ['node-a', 'node-b']) await c.addNode(n);
    mgr = c.startManager({ controllers: ['statefulset', 'persistentvolume-binder'] });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });

  it('creates web-0..2 in order with claims, keeps name and claim across deletion, updates in reverse order', async () => {
    const sets = c.client.resource<StatefulSet>(Resources.statefulsets);
    const podsC = c.client.resource<Pod>(Resources.pods);
    const creations: string[] = [];
    const ac = new AbortController();
    const watching = (async () => {
      try {
        for await (const ev of podsC.watch('default', { labelSelector: 'app=db', signal: ac.signal })) if (ev.type === 'ADDED') creations.push(`${ev.object.metadata.name}:${ev.object.spec?.containers[0].image}`);
      } catch (err) {
        if (!ac.signal.aborted) throw err;
      }
    })();
    await sets.create('default', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 3, serviceName: 'web', selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'db:v1' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    } as never);
    const ready = async (image: string) => {
      const ps = (await podsC.list('default', { labelSelector: 'app=db' })).items.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && p.spec?.containers[0].image === image);
      return ps.map((p) => p.metadata.name).sort().join(',') === 'web-0,web-1,web-2';
    };
    await waitFor('3 ready pods', () => ready('db:v1'));
    expect(creations).toEqual(['web-0:db:v1', 'web-1:db:v1', 'web-2:db:v1']);
    const pvcs = (await c.client.resource(Resources.persistentvolumeclaims).list('default')).items.map((p) => p.metadata.name).sort();
    expect(pvcs).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);

    type Claim = { spec?: { volumeName?: string }; status?: { phase?: string } };
    const claimOf = () => c.client.resource(Resources.persistentvolumeclaims).get('default', 'data-web-1') as Promise<Claim>;
    const bound = await waitFor('claims bound to provisioned volumes', async () => {
      const items = (await c.client.resource(Resources.persistentvolumeclaims).list('default')).items as Claim[];
      return items.length === 3 && items.every((x) => x.status?.phase === 'Bound' && x.spec?.volumeName) ? await claimOf() : undefined;
    });
    const before = await podsC.get('default', 'web-1');
    await podsC.delete('default', 'web-1');
    await waitFor('web-1 recreated', async () => {
      const p = await podsC.get('default', 'web-1').catch(() => undefined);
      return p && p.metadata.uid !== before.metadata.uid && isPodReady(p);
    });
    const again = await podsC.get('default', 'web-1');
    expect(again.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-web-1');
    expect(again.spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    expect((await claimOf()).spec?.volumeName).toBe(bound.spec?.volumeName);

    creations.length = 0;
    await sets.patch('default', 'web', 'merge', { spec: { template: { spec: { containers: [{ name: 'c', image: 'db:v2' }] } } } });
    await waitFor('all pods on v2', () => ready('db:v2'), 60_000);
    expect(creations).toEqual(['web-2:db:v2', 'web-1:db:v2', 'web-0:db:v2']);
    const st = await waitFor('status converged', async () => {
      const s = (await sets.get('default', 'web')).status;
      // The controller's cache may see the last pod turn ready one status write later.
      return s && s.updatedReplicas === 3 && s.readyReplicas === 3 && s.currentRevision === s.updateRevision ? s : undefined;
    });
    expect(st).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3 });
    ac.abort();
    await watching;
  });
});
