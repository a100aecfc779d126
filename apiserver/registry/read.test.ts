import { afterEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
});

const cached = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', labels: { x: '1' }, resourceVersion: '5' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'other', labels: { x: '1' }, resourceVersion: '6' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels: { x: '2' }, resourceVersion: '7' } },
];

describe('resourceVersion=0 lists', () => {
  it('are served from the watch cache, filtered by namespace and selectors', async () => {
    const prefixes: string[] = [];
    t = await newTestApp({
      cachedList: (prefix) => {
        prefixes.push(prefix);
        return { items: cached, resourceVersion: '9' };
      },
    });
    const res = (await t.call('GET', '/api/v1/namespaces/default/configmaps?resourceVersion=0&labelSelector=x%3D1')).json();
    expect(res.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a']);
    expect(res.metadata.resourceVersion).toBe('9');
    expect(prefixes).toEqual(['/registry/configmaps/']);
  });

  it('go to storage for consistent reads, pages, or while the cache is not ready', async () => {
    t = await newTestApp({ cachedList: () => undefined });
    await t.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'real' }, data: {} });
    for (const q of ['', '?resourceVersion=0', '?resourceVersion=0&limit=5']) {
      const res = (await t.call('GET', `/api/v1/namespaces/default/configmaps${q}`)).json();
      expect(res.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['real']);
    }
  });
});
