import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

const PODS = '/api/v1/namespaces/default/pods';
const PDBS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';

describe('pods/eviction with PodDisruptionBudgets', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await newTestApp();
  });
  afterEach(() => t.close());

  async function runningPod(name: string, labels: Record<string, string>, phase = 'Running') {
    const created = await t.call('POST', PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } });
    expect(created.statusCode, created.body).toBe(201);
    const pod = created.json();
    pod.status = { phase, conditions: [{ type: 'Ready', status: phase === 'Running' ? 'True' : 'False' }] };
    expect((await t.call('PUT', `${PODS}/${name}/status`, pod)).statusCode).toBe(200);
  }

  async function budget(disruptionsAllowed: number, observedGeneration = 1) {
    const created = await t.call('POST', PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    expect(created.statusCode, created.body).toBe(201);
    const pdb = created.json();
    pdb.status = { observedGeneration, disruptionsAllowed, currentHealthy: 1 + disruptionsAllowed, desiredHealthy: 1, expectedPods: 1 + disruptionsAllowed };
    expect((await t.call('PUT', `${PDBS}/web/status`, pdb)).statusCode).toBe(200);
  }

  const evict = (name: string) => t.call('POST', `${PODS}/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });

  it('spends disruptionsAllowed and answers 429 once the budget is exhausted', async () => {
    await runningPod('a', { app: 'web' });
    await runningPod('b', { app: 'web' });
    await budget(1);
    expect((await evict('a')).statusCode).toBe(201);
    const status = (await t.call('GET', `${PDBS}/web`)).json().status;
    expect(status.disruptionsAllowed).toBe(0);
    expect(Object.keys(status.disruptedPods)).toEqual(['a']);

    const refused = await evict('b');
    expect(refused.statusCode).toBe(429);
    // Like Kubernetes, the eviction spends only disruptionsAllowed; currentHealthy waits for the controller.
    expect(refused.json()).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 1 healthy pods and has 2 currently' }] },
    });
    expect((await t.call('GET', `${PODS}/b`)).statusCode).toBe(200);
  });

  it.each([
    ['a pod no budget selects', { app: 'other' }, 'Running', 0, 201],
    ['a pending pod', { app: 'web' }, 'Pending', 0, 201],
    ['a budget the controller has not observed yet', { app: 'web' }, 'Running', 5, 429],
  ])('%s', async (_n, labels, phase, observedGeneration, code) => {
    await runningPod('p', labels, phase);
    await budget(observedGeneration === 5 ? 1 : 0, observedGeneration === 5 ? 0 : 1);
    expect((await evict('p')).statusCode).toBe(code);
  });

  it('refuses a pod selected by two budgets with a 500', async () => {
    await runningPod('p', { app: 'web' });
    await budget(1);
    const second = await t.call('POST', PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'other' }, spec: { maxUnavailable: 1, selector: {} } });
    expect(second.statusCode).toBe(201);
    const res = await evict('p');
    expect(res.statusCode).toBe(500);
    expect(res.json().message).toBe('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  });

  it('validates budgets and lists the kind with its short name in discovery', async () => {
    const bad = await t.call('POST', PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x' }, spec: { minAvailable: 1, maxUnavailable: '150%' } });
    expect(bad.statusCode).toBe(422);
    const disc = (await t.call('GET', '/apis/policy/v1')).json();
    expect(disc.resources.find((r: { name: string }) => r.name === 'poddisruptionbudgets')).toMatchObject({ kind: 'PodDisruptionBudget', shortNames: ['pdb'] });
    await budget(2);
    const table = (await t.call('GET', PDBS, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).json();
    expect(table.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
    expect(table.rows[0].cells.slice(0, 4)).toEqual(['web', '1', 'N/A', 2]);
  });
});
