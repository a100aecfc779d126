import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';

let s: TestApiServer;
let kc: k8s.KubeConfig;
beforeAll(async () => {
  s = await startTestApiServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(s.kubeconfigPath);
});
afterAll(async () => {
  await s?.stop();
});

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('@kubernetes/client-node', () => {
  it('creates, lists and watches', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'from-client-node' }, data: { a: 'b' } } });
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(list.items.map((i) => i.metadata?.name)).toContain('from-client-node');

    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch('/api/v1/namespaces/default/configmaps', { resourceVersion: list.metadata?.resourceVersion }, (type, obj: k8s.V1ConfigMap) => {
      seen.push(`${type} ${obj.metadata?.name}`);
    }, () => undefined);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'second' }, data: {} } });
    await until('ADDED second', () => seen.includes('ADDED second'));
    req.abort();
  });

  it('keeps an informer in sync', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const events: string[] = [];
    informer.on('add', (o) => events.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => events.push(`update ${o.metadata?.name}`));
    informer.on('delete', (o) => events.push(`delete ${o.metadata?.name}`));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf' }, data: {} } });
      await until('informer add', () => events.includes('add inf'));
      await core.patchNamespacedConfigMap({ namespace: 'default', name: 'inf', body: { data: { x: 'y' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await until('informer update', () => events.includes('update inf'));
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'inf' });
      await until('informer delete', () => events.includes('delete inf'));
      expect(informer.get('inf', 'default')).toBeUndefined();
    } finally {
      await informer.stop();
    }
  });
});
