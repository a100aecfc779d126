import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from './test-support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await newTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('discovery', () => {
  it('serves /version, /api, /apis and group-version resource lists', async () => {
    expect((await t.call('GET', '/version')).json().gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect((await t.call('GET', '/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await t.call('GET', '/apis')).json();
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch', 'coordination.k8s.io']));
    const core = (await t.call('GET', '/api/v1')).json();
    const pods = core.resources.find((r: { name: string }) => r.name === 'pods');
    expect(pods).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] });
    expect(pods.verbs).toEqual(expect.arrayContaining(['create', 'get', 'list', 'watch', 'patch', 'delete', 'deletecollection']));
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['pods/status', 'pods/binding', 'pods/log']));
    const apps = (await t.call('GET', '/apis/apps/v1')).json();
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1' });
    expect((await t.call('GET', '/apis/nope/v1')).statusCode).toBe(404);
  });

  it('serves OpenAPI v3 documents that advertise fieldValidation on PATCH', async () => {
    const index = (await t.call('GET', '/openapi/v3')).json();
    const url = index.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = (await t.call('GET', url)).json();
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
    expect(doc.components.schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect((await t.call('GET', '/openapi/v2')).statusCode).toBe(404);
  });

  it('serves health endpoints and metrics', async () => {
    expect((await t.call('GET', '/healthz')).body).toBe('ok');
    expect((await t.call('GET', '/readyz')).statusCode).toBe(200);
    t.storage.setAvailable(false);
    expect((await t.call('GET', '/readyz')).statusCode).toBe(503);
    t.storage.setAvailable(true);
    await t.call('GET', '/api/v1/namespaces/default/pods');
    const metrics = (await t.call('GET', '/metrics')).body;
    expect(metrics).toMatch(/apiserver_request_total\{verb="LIST",resource="pods",code="200"\} 1/);
    expect(metrics).toContain('apiserver_request_duration_seconds_bucket');
  });
});
