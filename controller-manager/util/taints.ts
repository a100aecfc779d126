import type { Taint, Toleration } from '../../api/core/v1/affinity.ts';

/** Well-known taint keys set by the node lifecycle controller. */
export const TaintNodeUnreachable = 'node.kubernetes.io/unreachable';
export const TaintNodeNotReady = 'node.kubernetes.io/not-ready';
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';

/** tolerates tells whether a toleration matches a taint (Kubernetes' ToleratesTaint). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** sameTaint compares key and effect (a node holds at most one taint per pair). */
export const sameTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;
