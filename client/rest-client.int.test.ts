import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { Resources } from '../api/resources.ts';
import { isAlreadyExists, isConflict, isInvalid, isNotFound } from '../api/errors.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { Client, PatchType, WatchEvent } from './types.ts';
import { clientFromKubeconfig } from './from-kubeconfig.ts';

type Pod = KubeObject & { spec: { nodeName?: string; containers: { name: string; image: string }[] }; status?: { phase?: string } };
type Deployment = KubeObject & { spec: { replicas?: number } };

let api: TestApiServer;
let client: Client;

beforeAll(async () => {
  api = await startTestApiServer();
  client = clientFromKubeconfig(api.kubeconfigPath, 'skiff-client-int/0.1');
  await client.resource(Resources.namespaces).create(undefined, { metadata: { name: 'rc' } });
});
afterAll(async () => {
  await client?.close();
  await api?.stop();
});

const pod = (name: string, labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('REST client against the real API server', () => {
  it('maps failures to Status errors', async () => {
    const pods = client.resource<Pod>(Resources.pods);
    await expect(pods.get('rc', 'nope')).rejects.toSatisfy(isNotFound);
    const p = await pods.create('rc', pod('dup'));
    await expect(pods.create('rc', pod('dup'))).rejects.toSatisfy(isAlreadyExists);
    await pods.update({ ...p, metadata: { ...p.metadata, labels: { v: '1' } } });
    await expect(pods.update({ ...p, metadata: { ...p.metadata, labels: { v: '2' } } })).rejects.toSatisfy(isConflict);
    await expect(pods.create('rc', { ...pod('bad'), spec: { containers: [] } })).rejects.toSatisfy(isInvalid);
  });

  it.each([
    ['merge', { metadata: { labels: { patched: 'merge' } } }],
    ['strategic', { metadata: { labels: { patched: 'strategic' } } }],
    ['json', [{ op: 'add', path: '/metadata/labels/patched', value: 'json' }]],
    ['apply', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'patchme', labels: { patched: 'apply' } } }],
  ] as const)('applies %s patches', async (type, patch) => {
    const pods = client.resource<Pod>(Resources.pods);
    await pods.delete('rc', 'patchme', { gracePeriodSeconds: 0 }).catch(() => {});
    await pods.create('rc', pod('patchme', { a: 'b' }));
    const out = await pods.patch('rc', 'patchme', type as PatchType, patch, type === 'apply' ? { force: true } : undefined);
    expect(out.metadata.labels?.patched).toBe(type);
  });

  it('serves subresources: status, binding, scale', async () => {
    const pods = client.resource<Pod>(Resources.pods);
    const p = await pods.create('rc', pod('bindme'));
    await pods.createSubresource('rc', 'bindme', 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bindme' }, target: { kind: 'Node', name: 'n1' } });
    expect((await pods.get('rc', 'bindme')).spec.nodeName).toBe('n1');
    const cur = await pods.get('rc', 'bindme');
    const st = await pods.updateStatus({ ...cur, status: { phase: 'Running' } });
    expect(st.status?.phase).toBe('Running');
    void p;
    const deps = client.resource<Deployment>(Resources.deployments);
    await deps.create('rc', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    } as Deployment);
    const scale = await deps.getSubresource<{ spec: { replicas: number } }>('rc', 'web', 'scale');
    expect(scale.spec.replicas).toBe(2);
  });

  it('pages lists, filters by selectors, watches from a resourceVersion and deletes collections', async () => {
    const cms = client.resource<KubeObject>(Resources.configmaps);
    for (let i = 0; i < 5; i++) await cms.create('rc', { metadata: { name: `page-${i}`, labels: { set: i % 2 ? 'odd' : 'even' } } });
    const first = await cms.list('rc', { limit: 2, labelSelector: 'set in (odd,even)' });
    expect(first.items).toHaveLength(2);
    const rest = await cms.list('rc', { limit: 10, continue: first.metadata.continue, labelSelector: 'set in (odd,even)' });
    expect([...first.items, ...rest.items].map((c) => c.metadata.name)).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    const ctl = new AbortController();
    const seen: WatchEvent[] = [];
    const watching = (async () => {
      for await (const ev of cms.watch('rc', { resourceVersion: rest.metadata.resourceVersion, labelSelector: 'set=odd', signal: ctl.signal })) {
        seen.push(ev);
        // page-0 joins the selector, then the three odd ones are deleted (in any order).
        if (seen.length === 4) ctl.abort();
      }
    })();
    await cms.patch('rc', 'page-0', 'merge', { metadata: { labels: { set: 'odd' } } });
    await cms.deleteCollection('rc', { labelSelector: 'set=odd' });
    await watching;
    const events = seen.map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(events[0]).toBe('ADDED page-0');
    expect(events.slice(1).sort()).toEqual(['DELETED page-0', 'DELETED page-1', 'DELETED page-3']);
    expect((await cms.list('rc', { labelSelector: 'set' })).items.map((c) => c.metadata.name)).toEqual(['page-2', 'page-4']);
  });
});
