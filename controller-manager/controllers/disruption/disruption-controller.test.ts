import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { PodDisruptionBudget } from '../../../api/policy/v1/poddisruptionbudget.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { computeBudgetStatus } from './budget-status.ts';
import { newDisruptionController } from './disruption-controller.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function pod(name: string, ready: boolean, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }], ...extra },
    spec: { containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as Pod;
}

function pdb(spec: PodDisruptionBudget['spec'], status?: Partial<PodDisruptionBudget['status']>): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b', namespace: 'default', generation: 1 }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec }, status: status as never };
}

const three = [pod('a', true), pod('b', true), pod('c', false)];
const scaleOf = (_ns: string, kind: string) => (kind === 'ReplicaSet' ? 4 : undefined);

describe('computeBudgetStatus', () => {
  it.each([
    ['minAvailable int counts selected pods', { minAvailable: 1 }, { expectedPods: 3, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 }],
    ['minAvailable equal to healthy allows none', { minAvailable: 2 }, { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 }],
    ['maxUnavailable uses the controller scale', { maxUnavailable: 1 }, { expectedPods: 4, desiredHealthy: 3, currentHealthy: 2, disruptionsAllowed: 0 }],
    ['minAvailable percent rounds up on the scale', { minAvailable: '25%' }, { expectedPods: 4, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 }],
    ['maxUnavailable percent rounds up', { maxUnavailable: '50%' }, { expectedPods: 4, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 }],
  ])('%s', (_n, spec, want) => {
    const { status } = computeBudgetStatus(pdb(spec as never), three, scaleOf, NOW);
    expect(status).toMatchObject({ ...want, observedGeneration: 1 });
    expect(status.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: want.disruptionsAllowed > 0 ? 'True' : 'False' });
  });

  it('keeps a fresh disrupted pod out of the healthy count and drops expired or deleted ones', () => {
    const fresh = new Date(NOW - 10_000).toISOString();
    const old = new Date(NOW - 3 * 60_000).toISOString();
    const { status, recheckAfterMs } = computeBudgetStatus(pdb({ minAvailable: 0 }, { disruptedPods: { a: fresh, b: old, gone: fresh } } as never), three, scaleOf, NOW);
    expect(status.disruptedPods).toEqual({ a: fresh });
    expect(status.currentHealthy).toBe(1);
    expect(recheckAfterMs).toBe(110_000);
  });
});

describe('disruption controller', () => {
  it('writes the computed status once and not again when nothing changed', async () => {
    const h = newHarness();
    h.seed(Resources.pods, ...three);
    const [stored] = h.seed(Resources.poddisruptionbudgets, pdb({ minAvailable: 1 }));
    const c = newDisruptionController(h.ctx);
    await c.sync('default/b');
    expect(h.writes()).toEqual(['update poddisruptionbudgets/status default/b']);
    const written = h.actionsOf('update')[0].object as PodDisruptionBudget;
    expect(written.status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 2 });
    h.informers.informer(Resources.poddisruptionbudgets).add({ ...stored, status: written.status } as never);
    h.fake.clearActions();
    await c.sync('default/b');
    expect(h.writes()).toEqual([]);
  });
});
