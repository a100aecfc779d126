import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await newTestApp({ defaultNotReadyTolerationSeconds: 120 });
});
afterEach(async () => {
  await t.close();
});

const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Running' },
});
const PODS = '/api/v1/namespaces/default/pods';

describe('status subresource', () => {
  it('ignores status on the main resource and spec on /status', async () => {
    const created = (await t.call('POST', PODS, pod('p'))).json();
    expect(created.status.phase).toBe('Pending');
    const main = await t.call('PUT', `${PODS}/p`, { ...created, status: { phase: 'Failed' } });
    expect(main.json().status.phase).toBe('Pending');
    const st = await t.call('PUT', `${PODS}/p/status`, { ...(main.json() as object), spec: { ...created.spec, nodeName: 'sneaky' }, status: { phase: 'Running' } });
    expect(st.statusCode).toBe(200);
    expect(st.json().status.phase).toBe('Running');
    expect(st.json().spec.nodeName).toBeUndefined();
  });

  it('admits pods with default tolerations and service account', async () => {
    const created = (await t.call('POST', PODS, pod('p'))).json();
    expect(created.spec.serviceAccountName).toBe('default');
    expect(created.spec.tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ]),
    );
  });
});

describe('deletion', () => {
  it('deletes unscheduled pods at once and scheduled pods gracefully', async () => {
    await t.call('POST', PODS, pod('free'));
    expect((await t.call('DELETE', `${PODS}/free`)).statusCode).toBe(200);
    expect((await t.call('GET', `${PODS}/free`)).statusCode).toBe(404);

    await t.call('POST', PODS, pod('bound', 'n1'));
    const graceful = await t.call('DELETE', `${PODS}/bound`);
    expect(graceful.statusCode).toBe(202);
    expect(graceful.json().metadata.deletionTimestamp).toBeTruthy();
    expect(graceful.json().metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await t.call('GET', `${PODS}/bound`)).statusCode).toBe(200);
    const final = await t.call('DELETE', `${PODS}/bound`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
    expect(final.statusCode).toBe(200);
    expect((await t.call('GET', `${PODS}/bound`)).statusCode).toBe(404);
  });

  it('keeps objects with finalizers until the last one is removed', async () => {
    await t.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'f', finalizers: ['example.com/hold'] }, data: {} });
    const del = await t.call('DELETE', '/api/v1/namespaces/default/configmaps/f');
    expect(del.statusCode).toBe(202);
    const held = (await t.call('GET', '/api/v1/namespaces/default/configmaps/f')).json();
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    const release = await t.call('PATCH', '/api/v1/namespaces/default/configmaps/f', { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
    expect(release.statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/namespaces/default/configmaps/f')).statusCode).toBe(404);
  });

  it.each([
    ['Orphan', 'orphan'],
    ['Foreground', 'foregroundDeletion'],
  ])('propagationPolicy %s adds the %s finalizer', async (policy, finalizer) => {
    await t.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' }, data: {} });
    const del = await t.call('DELETE', `/api/v1/namespaces/default/configmaps/x?propagationPolicy=${policy}`);
    expect(del.json().metadata.finalizers).toEqual([finalizer]);
  });

  it('checks delete preconditions and deletes collections by selector', async () => {
    const a = (await t.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'a', labels: { x: '1' } }, data: {} })).json();
    await t.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'b', labels: { x: '2' } }, data: {} });
    const bad = await t.call('DELETE', '/api/v1/namespaces/default/configmaps/a', { preconditions: { uid: 'nope' } });
    expect(bad.statusCode).toBe(409);
    const coll = await t.call('DELETE', '/api/v1/namespaces/default/configmaps?labelSelector=x%3D1');
    expect(coll.statusCode).toBe(200);
    expect(coll.json().items.map((i: { metadata: { uid: string } }) => i.metadata.uid)).toEqual([a.metadata.uid]);
    expect((await t.call('GET', '/api/v1/namespaces/default/configmaps/b')).statusCode).toBe(200);
  });
});

describe('namespaces', () => {
  it('terminates, refuses new content, and goes away after /finalize', async () => {
    await t.call('POST', '/api/v1/namespaces', { metadata: { name: 'gone' } });
    const del = await t.call('DELETE', '/api/v1/namespaces/gone');
    expect(del.statusCode).toBe(202);
    expect(del.json().status.phase).toBe('Terminating');
    const refused = await t.call('POST', '/api/v1/namespaces/gone/configmaps', { metadata: { name: 'x' }, data: {} });
    expect(refused.statusCode).toBe(403);
    const ns = (await t.call('GET', '/api/v1/namespaces/gone')).json();
    const fin = await t.call('PUT', '/api/v1/namespaces/gone/finalize', { ...ns, spec: { finalizers: [] } });
    expect(fin.statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/namespaces/gone')).statusCode).toBe(404);
  });
});

describe('pods/binding and pods/eviction', () => {
  it('binds once, then 409', async () => {
    await t.call('POST', PODS, pod('p'));
    const bind = await t.call('POST', `${PODS}/p/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } });
    expect(bind.statusCode).toBe(201);
    const bound = (await t.call('GET', `${PODS}/p`)).json();
    expect(bound.spec.nodeName).toBe('n1');
    expect(bound.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    const again = await t.call('POST', `${PODS}/p/binding`, { metadata: { name: 'p' }, target: { kind: 'Node', name: 'n2' } });
    expect(again.statusCode).toBe(409);
  });

  it('evicts through a graceful delete', async () => {
    await t.call('POST', PODS, pod('p', 'n1'));
    const ev = await t.call('POST', `${PODS}/p/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p' } });
    expect(ev.statusCode).toBe(201);
    expect((await t.call('GET', `${PODS}/p`)).json().metadata.deletionTimestamp).toBeTruthy();
  });

  it('answers pods/log for a pod whose kubelet cannot be reached with a Status, never a 500', async () => {
    await t.call('POST', PODS, pod('p', 'n1'));
    const log = await t.call('GET', `${PODS}/p/log`);
    expect([404, 503]).toContain(log.statusCode);
    expect(log.json().kind).toBe('Status');
  });
});

describe('scale', () => {
  it('reads and writes replicas through autoscaling/v1 Scale', async () => {
    const dep = { metadata: { name: 'd' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    await t.call('POST', '/apis/apps/v1/namespaces/default/deployments', dep);
    const scale = await t.call('GET', '/apis/apps/v1/namespaces/default/deployments/d/scale');
    expect(scale.json()).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { selector: 'a=b' } });
    const patched = await t.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/d/scale', { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.json().spec.replicas).toBe(4);
    expect((await t.call('GET', '/apis/apps/v1/namespaces/default/deployments/d')).json().spec.replicas).toBe(4);
    const negative = await t.call('PUT', '/apis/apps/v1/namespaces/default/deployments/d/scale', { ...(patched.json() as object), spec: { replicas: -1 } });
    expect(negative.statusCode).toBe(422);
  });
});
