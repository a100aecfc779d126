import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const V2 = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const ref = { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' };
const v1hpa = (cpu: number) => ({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: cpu } });
const cpuMetric = (n: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } } });

describe('autoscaling/v1 HorizontalPodAutoscaler served beside v2', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await newTestApp();
  });
  afterEach(() => t.close());

  it('lists both versions in discovery with v2 preferred, and documents v1 in OpenAPI', async () => {
    const group = (await t.call('GET', '/apis/autoscaling')).json();
    expect(group.versions.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1']);
    expect(group.preferredVersion.version).toBe('v2');
    const v1 = (await t.call('GET', '/apis/autoscaling/v1')).json();
    expect(v1.resources.find((r: { name: string }) => r.name === 'horizontalpodautoscalers')).toMatchObject({ kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'] });
    expect((await t.call('GET', '/openapi/v3')).json().paths).toHaveProperty(['apis/autoscaling/v1']);
  });

  it('stores a v1 POST as v2 and answers each version in its own form', async () => {
    const created = await t.call('POST', V1, v1hpa(60));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 60, maxReplicas: 5 } });
    expect(created.json().spec).not.toHaveProperty('metrics');
    const v2 = (await t.call('GET', `${V2}/web`)).json();
    expect(v2).toMatchObject({ apiVersion: 'autoscaling/v2', spec: { metrics: [cpuMetric(60)] } });
    const list = (await t.call('GET', V1)).json();
    expect(list).toMatchObject({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscalerList', items: [{ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 60 } }] });
  });

  it.each([
    ['merge', 'application/merge-patch+json', { spec: { targetCPUUtilizationPercentage: 70 } }],
    ['strategic', 'application/strategic-merge-patch+json', { spec: { targetCPUUtilizationPercentage: 70 } }],
    ['json', 'application/json-patch+json', [{ op: 'replace', path: '/spec/targetCPUUtilizationPercentage', value: 70 }]],
  ])('PATCH (%s) on v1 applies to the v1 form', async (_n, type, patch) => {
    await t.call('POST', V1, v1hpa(60));
    const res = await t.call('PATCH', `${V1}/web`, patch, { 'content-type': type });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().spec.targetCPUUtilizationPercentage).toBe(70);
    expect((await t.call('GET', `${V2}/web`)).json().spec.metrics).toEqual([cpuMetric(70)]);
  });

  it('PUT and server-side apply on v1 convert, and v2-only metrics survive a v1 round trip', async () => {
    const v2body = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 5, metrics: [cpuMetric(50), { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }] } };
    expect((await t.call('POST', V2, v2body)).statusCode).toBe(201);
    const v1 = (await t.call('GET', `${V1}/web`)).json();
    v1.spec.maxReplicas = 7;
    const put = await t.call('PUT', `${V1}/web`, v1);
    expect(put.statusCode, put.body).toBe(200);
    const stored = (await t.call('GET', `${V2}/web`)).json();
    expect(stored.spec.maxReplicas).toBe(7);
    expect(stored.spec.metrics).toEqual(v2body.spec.metrics);
    expect(stored.metadata.annotations ?? {}).toEqual({});

    const applied = await t.call('PATCH', `${V1}/web?fieldManager=tester&force=true`, JSON.stringify({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { maxReplicas: 9 } }), { 'content-type': 'application/apply-patch+yaml' });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { maxReplicas: 9, targetCPUUtilizationPercentage: 50 } });
  });

  it('converts status writes and watch events', async () => {
    await t.call('POST', V1, v1hpa(60));
    const cur = (await t.call('GET', `${V1}/web`)).json();
    cur.status = { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 88 };
    const put = await t.call('PUT', `${V1}/web/status`, cur);
    expect(put.statusCode, put.body).toBe(200);
    expect((await t.call('GET', `${V2}/web`)).json().status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 88 } } }]);
    const watch = await t.call('GET', `${V1}?watch=true&timeoutSeconds=1`);
    const first = JSON.parse(watch.body.split('\n')[0]);
    expect(first).toMatchObject({ type: 'ADDED', object: { apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 60 }, status: { currentCPUUtilizationPercentage: 88 } } });
  });
});
