/** Taint and toleration helpers shared by the taint, cordon and readiness filters. */
import type { Taint, Toleration } from '../api-types.ts';

/** TaintNodeUnschedulable is the taint a cordoned node is treated as having. */
export const TaintNodeUnschedulable = 'node.kubernetes.io/unschedulable';
/** TaintNodeNotReady is the taint of a node whose Ready condition is False. */
export const TaintNodeNotReady = 'node.kubernetes.io/not-ready';
/** TaintNodeUnreachable is the taint of a node whose Ready condition is Unknown. */
export const TaintNodeUnreachable = 'node.kubernetes.io/unreachable';

/** toleratesTaint is Kubernetes' Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** tolerationsTolerateTaint reports whether any toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** findUntoleratedTaint returns the first taint (passing `filter`) that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: Taint[] | undefined,
  tolerations: Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !tolerationsTolerateTaint(tolerations, taint));
}

/** taintMessage is the FailedScheduling reason for an untolerated taint, in Kubernetes' wording. */
export function taintMessage(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}
