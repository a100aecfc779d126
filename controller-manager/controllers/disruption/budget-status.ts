import type { Pod } from '../../../api/core/v1/pod.ts';
import type { IntOrString } from '../../../api/meta/v1/object-meta.ts';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../../api/policy/v1/poddisruptionbudget.ts';
import { isPodReady } from '../../util/pod.ts';
import { getControllerOf } from '../../util/keys.ts';

/** DELETION_TIMEOUT_MS is how long an eviction's entry in status.disruptedPods waits for the pod to go (Kubernetes: 2 min). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** ScaleOf returns the replicas of a pod's controller (kind, name in the pod's namespace), or undefined when unknown. */
export type ScaleOf = (namespace: string, kind: string, name: string) => number | undefined;

/** scaledValue resolves an int-or-percent against total, rounding percentages up as Kubernetes' PDB code does. */
export function scaledValue(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const pct = Number(v.replace(/%$/, ''));
  return Math.ceil((pct * total) / 100);
}

/** expectedCount is how many pods the budget expects: the matched pods, or the sum of their controllers' scale for percentages and maxUnavailable. */
function expectedCount(pdb: PodDisruptionBudget, pods: Pod[], scaleOf: ScaleOf): { expected: number; desired: number } {
  const spec = pdb.spec ?? {};
  if (spec.minAvailable !== undefined && typeof spec.minAvailable === 'number') return { expected: pods.length, desired: spec.minAvailable };
  const controllers = new Map<string, number>();
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    const key = ref ? `${ref.kind}/${ref.name}` : `Pod/${pod.metadata.name}`;
    // A pod without a known controller counts as a controller of one (Kubernetes refuses such budgets).
    controllers.set(key, ref ? (scaleOf(pod.metadata.namespace ?? '', ref.kind, ref.name) ?? 1) : 1);
  }
  const expected = [...controllers.values()].reduce((a, b) => a + b, 0);
  if (spec.maxUnavailable !== undefined) return { expected, desired: Math.max(0, expected - scaledValue(spec.maxUnavailable, expected)) };
  if (spec.minAvailable !== undefined) return { expected, desired: scaledValue(spec.minAvailable, expected) };
  return { expected, desired: expected };
}

/**
 * computeBudgetStatus is the disruption controller's status for a budget and the pods it selects:
 * disruptedPods entries are kept while their pod still exists undeleted and the timeout has not
 * passed (and such pods are not healthy), currentHealthy counts ready pods, disruptionsAllowed is
 * currentHealthy − desiredHealthy (never negative), with the DisruptionAllowed condition.
 */
export function computeBudgetStatus(pdb: PodDisruptionBudget, pods: Pod[], scaleOf: ScaleOf, nowMs: number): { status: PodDisruptionBudgetStatus; recheckAfterMs?: number } {
  const byName = new Map(pods.map((p) => [p.metadata.name!, p]));
  const disrupted: Record<string, string> = {};
  let recheckAfterMs: number | undefined;
  for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
    const pod = byName.get(name);
    const left = Date.parse(at) + DELETION_TIMEOUT_MS - nowMs;
    if (!pod || pod.metadata.deletionTimestamp || left <= 0) continue;
    disrupted[name] = at;
    recheckAfterMs = Math.min(recheckAfterMs ?? left, left);
  }
  const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && !(p.metadata.name! in disrupted) && isPodReady(p)).length;
  const { expected, desired } = expectedCount(pdb, pods, scaleOf);
  const allowed = expected > 0 ? Math.max(0, healthy - desired) : 0;
  const prev = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  const state = allowed > 0 ? 'True' : 'False';
  const condition = {
    type: 'DisruptionAllowed',
    status: state,
    reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    observedGeneration: pdb.metadata.generation,
    lastTransitionTime: prev?.status === state && prev.lastTransitionTime ? prev.lastTransitionTime : new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const status: PodDisruptionBudgetStatus = {
    observedGeneration: pdb.metadata.generation,
    ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
    conditions: [condition],
  };
  return { status, recheckAfterMs };
}
