import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from './test-support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await newTestApp();
});
afterEach(async () => {
  await t.close();
});

const cm = (name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

describe('CRUD', () => {
  it('creates, gets, lists, updates and deletes a ConfigMap', async () => {
    const created = await t.call('POST', '/api/v1/namespaces/default/configmaps', cm('a'));
    expect(created.statusCode).toBe(201);
    const obj = created.json();
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(obj.metadata.creationTimestamp).toMatch(/Z$/);
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);

    const got = await t.call('GET', '/api/v1/namespaces/default/configmaps/a');
    expect(got.json().data).toEqual({ a: '1' });

    const list = await t.call('GET', '/api/v1/namespaces/default/configmaps');
    expect(list.json().kind).toBe('ConfigMapList');
    expect(list.json().items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a']);

    const put = await t.call('PUT', '/api/v1/namespaces/default/configmaps/a', { ...obj, data: { a: '2' } });
    expect(put.statusCode).toBe(200);
    expect(put.json().metadata.uid).toBe(obj.metadata.uid);
    expect(Number(put.json().metadata.resourceVersion)).toBeGreaterThan(Number(obj.metadata.resourceVersion));

    const stale = await t.call('PUT', '/api/v1/namespaces/default/configmaps/a', { ...obj, data: { a: '3' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ kind: 'Status', reason: 'Conflict' });

    const del = await t.call('DELETE', '/api/v1/namespaces/default/configmaps/a');
    expect(del.statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/namespaces/default/configmaps/a')).statusCode).toBe(404);
  });

  it('answers AlreadyExists, generateName and namespace checks', async () => {
    await t.call('POST', '/api/v1/namespaces/default/configmaps', cm('a'));
    const dup = await t.call('POST', '/api/v1/namespaces/default/configmaps', cm('a'));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().reason).toBe('AlreadyExists');
    const gen = await t.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'x-' }, data: {} });
    expect(gen.json().metadata.name).toMatch(/^x-[a-z0-9]{5}$/);
    const missing = await t.call('POST', '/api/v1/namespaces/nope/configmaps', cm('b'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().details).toMatchObject({ kind: 'namespaces', name: 'nope' });
  });

  it('filters lists by label and field selectors and pages with limit/continue', async () => {
    for (const [n, env] of [['a', 'prod'], ['b', 'dev'], ['c', 'prod']]) await t.call('POST', '/api/v1/namespaces/default/configmaps', cm(n, {}, { env }));
    const names = async (q: string) => (await t.call('GET', `/api/v1/namespaces/default/configmaps?${q}`)).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names('labelSelector=env%3Dprod')).toEqual(['a', 'c']);
    expect(await names('labelSelector=env+in+(dev)')).toEqual(['b']);
    expect(await names('fieldSelector=metadata.name%3Db')).toEqual(['b']);
    const page1 = (await t.call('GET', '/api/v1/namespaces/default/configmaps?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.metadata.continue).toBeTruthy();
    const page2 = (await t.call('GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(page1.metadata.continue)}`)).json();
    expect(page2.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c']);
    expect(page2.metadata.continue).toBeUndefined();
  });

  it('lists across namespaces and serves cluster-scoped resources', async () => {
    await t.call('POST', '/api/v1/namespaces', { metadata: { name: 'other' } });
    await t.call('POST', '/api/v1/namespaces/other/configmaps', cm('x'));
    await t.call('POST', '/api/v1/namespaces/default/configmaps', cm('y'));
    const all = (await t.call('GET', '/api/v1/configmaps')).json();
    expect(all.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace).sort()).toEqual(['default', 'other']);
    const ns = (await t.call('GET', '/api/v1/namespaces')).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(ns).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'other']));
  });
});

describe('patch', () => {
  it('applies merge, json and strategic patches and server-side apply', async () => {
    await t.call('POST', '/api/v1/namespaces/default/configmaps', cm('a', { a: '1', b: '2' }));
    const merge = await t.call('PATCH', '/api/v1/namespaces/default/configmaps/a', { data: { b: null, c: '3' } }, { 'content-type': 'application/merge-patch+json' });
    expect(merge.json().data).toEqual({ a: '1', c: '3' });
    const json = await t.call('PATCH', '/api/v1/namespaces/default/configmaps/a', [{ op: 'replace', path: '/data/a', value: '9' }], { 'content-type': 'application/json-patch+json' });
    expect(json.json().data).toEqual({ a: '9', c: '3' });
    const apply = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: v\n';
    const created = await t.call('PATCH', '/api/v1/namespaces/default/configmaps/b?fieldManager=me', apply, { 'content-type': 'application/apply-patch+yaml' });
    expect(created.statusCode).toBe(201);
    expect(created.json().metadata.managedFields[0]).toMatchObject({ manager: 'me', operation: 'Apply' });
    const noManager = await t.call('PATCH', '/api/v1/namespaces/default/configmaps/b', apply, { 'content-type': 'application/apply-patch+yaml' });
    expect(noManager.statusCode).toBe(400);
  });

  it('keeps containers ports and env on a strategic patch of one container', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }] } },
      },
    };
    expect((await t.call('POST', '/apis/apps/v1/namespaces/default/deployments', dep)).statusCode).toBe(201);
    const patch = { spec: { template: { spec: { $setElementOrder: undefined, containers: [{ name: 'web', image: 'nginx:2' }] } } } };
    const res = await t.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', patch, { 'content-type': 'application/strategic-merge-patch+json' });
    expect(res.statusCode).toBe(200);
    const c = res.json().spec.template.spec.containers[0];
    expect(c).toMatchObject({ image: 'nginx:2', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] });
    expect(res.json().metadata.generation).toBe(2);
  });
});
