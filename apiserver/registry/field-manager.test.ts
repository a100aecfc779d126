import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';
import { managerFromUserAgent } from './field-manager.ts';

type Entry = { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown>; time?: string };
const KUBECTL_UA = 'kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

function deployment(replicas: number) {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

const applyYaml = (replicas: number) => JSON.stringify(deployment(replicas));

describe('managerFromUserAgent', () => {
  it.each([
    [KUBECTL_UA, 'kubectl'],
    ['skiff-controller-manager/v0.1', 'skiff-controller-manager'],
    ['curl', 'curl'],
    [undefined, 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (ua, want) => expect(managerFromUserAgent(ua)).toBe(want));
});

describe('managedFields for plain writes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await newTestApp();
  });
  afterEach(() => t.close());

  const managers = async (): Promise<Entry[]> => (await t.call('GET', `${DEPLOY}/web`)).json().metadata.managedFields;

  it('records create, PUT and each PATCH type for the fieldManager or the User-Agent program', async () => {
    expect((await t.call('POST', `${DEPLOY}?fieldManager=kubectl-client-side-apply`, deployment(1), { 'user-agent': KUBECTL_UA })).statusCode).toBe(201);
    let mf = await managers();
    expect(mf.map((e) => [e.manager, e.operation])).toEqual([['kubectl-client-side-apply', 'Update']]);
    expect(mf[0].fieldsV1).toHaveProperty(['f:spec', 'f:replicas']);

    const cases: Array<[string, unknown, number]> = [
      ['application/merge-patch+json', { spec: { replicas: 2 } }, 2],
      ['application/strategic-merge-patch+json', { spec: { replicas: 3 } }, 3],
      ['application/json-patch+json', [{ op: 'replace', path: '/spec/replicas', value: 4 }], 4],
    ];
    for (const [type, patch, want] of cases) {
      const res = await t.call('PATCH', `${DEPLOY}/web`, patch, { 'content-type': type, 'user-agent': KUBECTL_UA });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().spec.replicas).toBe(want);
    }
    mf = await managers();
    const kubectl = mf.find((e) => e.manager === 'kubectl');
    expect(kubectl?.operation).toBe('Update');
    expect(kubectl?.fieldsV1).toHaveProperty(['f:spec', 'f:replicas']);
    // replicas moved to kubectl: the creating manager no longer owns it.
    expect(mf.find((e) => e.manager === 'kubectl-client-side-apply')?.fieldsV1).not.toHaveProperty(['f:spec', 'f:replicas']);

    const cur = (await t.call('GET', `${DEPLOY}/web`)).json();
    cur.metadata.labels = { tier: 'front' };
    expect((await t.call('PUT', `${DEPLOY}/web`, cur, { 'user-agent': 'editor/1.0' })).statusCode).toBe(200);
    expect((await managers()).find((e) => e.manager === 'editor')?.fieldsV1).toHaveProperty(['f:metadata', 'f:labels', 'f:tier']);
  });

  it('does not write a no-op update', async () => {
    await t.call('POST', DEPLOY, deployment(1), { 'user-agent': KUBECTL_UA });
    const before = (await t.call('GET', `${DEPLOY}/web`)).json();
    const res = await t.call('PATCH', `${DEPLOY}/web`, { spec: { replicas: 1 } }, { 'content-type': 'application/merge-patch+json', 'user-agent': 'other/1' });
    expect(res.json().metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('server-side apply conflicts on a field kubectl scale set, and --force-conflicts takes it', async () => {
    const apply = (replicas: number, force = false) =>
      t.call('PATCH', `${DEPLOY}/web?fieldManager=kubectl${force ? '&force=true' : ''}`, applyYaml(replicas), { 'content-type': 'application/apply-patch+yaml' });
    expect((await apply(1)).statusCode).toBe(201);
    const scaled = await t.call('PATCH', `${DEPLOY}/web/scale`, { spec: { replicas: 5 } }, { 'content-type': 'application/merge-patch+json', 'user-agent': KUBECTL_UA });
    expect(scaled.statusCode, scaled.body).toBe(200);
    const scaleEntry = (await managers()).find((e) => e.manager === 'kubectl' && e.operation === 'Update');
    expect(scaleEntry).toMatchObject({ operation: 'Update', subresource: 'scale' });

    const conflict = await apply(2);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');

    const forced = await apply(2, true);
    expect(forced.statusCode, forced.body).toBe(200);
    expect(forced.json().spec.replicas).toBe(2);
    const mf = await managers();
    expect(mf.find((e) => e.manager === 'kubectl' && e.operation === 'Apply')?.fieldsV1).toHaveProperty(['f:spec', 'f:replicas']);
    expect(mf.find((e) => e.operation === 'Update' && e.subresource === 'scale')?.fieldsV1 ?? {}).not.toHaveProperty(['f:spec', 'f:replicas']);
  });

  it('takes managedFields a request rewrites (kubectl moving client-side apply ownership to server-side apply), and [{}] resets them', async () => {
    await t.call('POST', `${DEPLOY}?fieldManager=kubectl-client-side-apply`, deployment(1));
    const mf = await managers();
    const moved = mf.map((e) => ({ ...e, manager: 'kubectl', operation: 'Apply' }));
    const patch = [{ op: 'replace', path: '/metadata/managedFields', value: moved }];
    const res = await t.call('PATCH', `${DEPLOY}/web`, patch, { 'content-type': 'application/json-patch+json', 'user-agent': KUBECTL_UA });
    expect(res.statusCode, res.body).toBe(200);
    expect((await managers()).map((e) => `${e.manager}/${e.operation}`)).toEqual(['kubectl/Apply']);
    // Now only one manager owns replicas: a server-side apply by kubectl changes it without conflict.
    expect((await t.call('PATCH', `${DEPLOY}/web?fieldManager=kubectl`, applyYaml(3), { 'content-type': 'application/apply-patch+yaml' })).statusCode).toBe(200);
    const reset = await t.call('PATCH', `${DEPLOY}/web`, { metadata: { managedFields: [{}] } }, { 'content-type': 'application/merge-patch+json' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().metadata.managedFields).toBeUndefined();
  });

  it('lets kubectl server-side apply take fields client-side apply last applied, not fields changed since', async () => {
    const last = JSON.stringify({ ...deployment(1), metadata: { name: 'web', namespace: 'default' } });
    const created = { ...deployment(1), metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': last } } };
    await t.call('POST', `${DEPLOY}?fieldManager=kubectl-client-side-apply`, created);
    const config = (replicas: number, image: string) => JSON.stringify({ ...deployment(replicas), spec: { ...deployment(replicas).spec, template: { ...deployment(1).spec.template, spec: { containers: [{ name: 'c', image }] } } } });
    const moved = await t.call('PATCH', `${DEPLOY}/web?fieldManager=kubectl`, config(1, 'nginx:2'), { 'content-type': 'application/apply-patch+yaml' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().spec.template.spec.containers[0].image).toBe('nginx:2');

    await t.call('PATCH', `${DEPLOY}/web/scale`, { spec: { replicas: 4 } }, { 'content-type': 'application/merge-patch+json', 'user-agent': KUBECTL_UA });
    const again = await t.call('PATCH', `${DEPLOY}/web?fieldManager=kubectl`, config(1, 'nginx:2'), { 'content-type': 'application/apply-patch+yaml' });
    expect(again.statusCode).toBe(409);
    expect(again.json().details.causes.map((c: { field: string }) => c.field)).toEqual(['.spec.replicas']);
    const other = await t.call('PATCH', `${DEPLOY}/web?fieldManager=someone-else`, config(1, 'nginx:3'), { 'content-type': 'application/apply-patch+yaml' });
    expect(other.statusCode).toBe(409);
    expect(other.json().details.causes.map((c: { field: string }) => c.field).sort()).toEqual(['.spec.replicas', '.spec.template.spec.containers[name="c"].image']);
  });

  it('stores an apply that only changes ownership', async () => {
    await t.call('POST', `${DEPLOY}?fieldManager=creator`, deployment(1));
    const before = (await t.call('GET', `${DEPLOY}/web`)).json();
    const res = await t.call('PATCH', `${DEPLOY}/web?fieldManager=owner`, applyYaml(1), { 'content-type': 'application/apply-patch+yaml' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect((await managers()).map((e) => e.manager)).toContain('owner');
  });
});
