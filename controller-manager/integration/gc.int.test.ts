import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import { isConflict, isNotFound } from '../../api/errors.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

describe('garbage collector and namespace controller against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  beforeAll(async () => {
    c = await startSimCluster();
    await c.addNode('node-a');
    mgr = c.startManager({ controllers: ['replicaset', 'deployment', 'garbagecollector', 'namespace'] });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });

  const deploy = async (name: string) => {
    await c.client.resource(Resources.deployments).create('default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    } as never);
    await waitFor(`${name}: 2 running pods`, async () => (await pods(name)).filter((p) => p.status?.phase === 'Running').length === 2);
  };
  const pods = (app: string) => c.client.resource<Pod>(Resources.pods).list('default', { labelSelector: `app=${app}` }).then((l) => l.items);
  const rss = (app: string) => c.client.resource<KubeObject>(Resources.replicasets).list('default', { labelSelector: `app=${app}` }).then((l) => l.items);
  // Retry a DELETE the server answers with 409 while a controller writes the object (see report).
  const del = (info: typeof Resources.deployments, name: string, policy: 'Background' | 'Foreground' | 'Orphan') =>
    waitFor(`delete ${name}`, () => c.client.resource(info).delete('default', name, { propagationPolicy: policy }).then(() => true, (err) => { if (isConflict(err)) return false; throw err; }));
  const gone = async (info: typeof Resources.deployments, name: string) => c.client.resource(info).get('default', name).then(() => false, (e) => isNotFound(e));

  it('Background: the owner goes at once, dependents follow', async () => {
    await deploy('bg');
    await del(Resources.deployments, 'bg', 'Background');
    expect(await gone(Resources.deployments, 'bg')).toBe(true);
    await waitFor('replica sets and pods collected', async () => (await rss('bg')).length === 0 && (await pods('bg')).length === 0);
  });

  it('Foreground: dependents go first, then the owner', async () => {
    await deploy('fg');
    await del(Resources.deployments, 'fg', 'Foreground');
    const d = await c.client.resource(Resources.deployments).get('default', 'fg');
    expect(d.metadata.finalizers).toContain('foregroundDeletion');
    await waitFor('deployment gone after its dependents', async () => (await gone(Resources.deployments, 'fg')) && (await rss('fg')).length === 0 && (await pods('fg')).length === 0);
  });

  it('Orphan: dependents stay, without the owner reference', async () => {
    await deploy('or');
    await del(Resources.deployments, 'or', 'Orphan');
    await waitFor('deployment gone', () => gone(Resources.deployments, 'or'));
    const left = await rss('or');
    expect(left).toHaveLength(1);
    expect(left[0].metadata.ownerReferences ?? []).toEqual([]);
    expect(await pods('or')).toHaveLength(2);
  });

  it('a deleted namespace is emptied and then disappears', async () => {
    await c.client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await c.client.resource(Resources.configmaps).create('team', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'team' } } as never);
    await c.client.resource(Resources.pods).create('team', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team' }, spec: { containers: [{ name: 'c', image: 'i' }] } } as never);
    await c.client.resource(Resources.namespaces).delete(undefined, 'team');
    await waitFor('namespace gone', () => c.client.resource(Resources.namespaces).get(undefined, 'team').then(() => false, (e) => isNotFound(e)), 60_000,
      () => c.client.resource(Resources.namespaces).get(undefined, 'team').catch((e) => String(e)));
  });
});
