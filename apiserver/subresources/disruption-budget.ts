import { newForbidden, newStatus, StatusError } from '../../api/errors.ts';
import { matches, selectorFromLabelSelector } from '../../api/labels/index.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { PodDisruptionBudget } from '../../api/policy/v1/poddisruptionbudget.ts';
import { listObjects } from '../registry/read.ts';
import { everythingSelection } from '../registry/selection.ts';
import type { ApiContext, Scope } from '../registry/types.ts';
import { updateObject } from '../registry/update.ts';
import { nowTimestamp } from '../registry/object-meta.ts';

type EvictedPod = KubeObject & { status?: { phase?: string; conditions?: Array<{ type: string; status: string }> } };

/** MAX_DISRUPTED_PODS is Kubernetes' limit on status.disruptedPods before evictions are refused. */
export const MAX_DISRUPTED_PODS = 2000;

function tooManyRequests(message: string, cause?: string): StatusError {
  return new StatusError(newStatus(429, 'TooManyRequests', message, cause ? { causes: [{ reason: 'DisruptionBudget', message: cause }] } : {}));
}

/** canIgnoreBudget: pods being deleted, finished or still pending do not count against a budget (as Kubernetes). */
function canIgnoreBudget(pod: EvictedPod): boolean {
  const phase = pod.status?.phase;
  return pod.metadata.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
}

const isReady = (pod: EvictedPod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** budgetsFor lists the PodDisruptionBudgets of the pod's namespace whose selector matches it (a null selector matches nothing). */
async function budgetsFor(ctx: ApiContext, pdbScope: Scope, pod: EvictedPod): Promise<PodDisruptionBudget[]> {
  const list = await listObjects(ctx, pdbScope, pod.metadata.namespace, { selection: everythingSelection() });
  return (list.items as PodDisruptionBudget[]).filter((p) => p.spec?.selector && matches(selectorFromLabelSelector(p.spec.selector), pod.metadata.labels ?? {}));
}

/**
 * checkDisruptionBudget admits the eviction of pod the way Kubernetes' eviction REST does: with no
 * matching budget (or a pod that cannot count) it passes; with more than one it is a 500; a budget
 * not yet processed by the disruption controller or with no disruptions left is a 429
 * TooManyRequests. Otherwise the budget's status.disruptionsAllowed is decremented and the pod
 * recorded in status.disruptedPods, in one transaction, before the pod is deleted. An unready pod
 * is let go without spending a disruption when the budget is healthy (IfHealthyBudget) or the
 * policy is AlwaysAllow.
 */
export async function checkDisruptionBudget(ctx: ApiContext, pod: EvictedPod, dryRun: boolean): Promise<void> {
  const pdbScope = ctx.scopeFor('policy', 'poddisruptionbudgets');
  if (!pdbScope || canIgnoreBudget(pod)) return;
  const budgets = await budgetsFor(ctx, pdbScope, pod);
  if (budgets.length === 0) return;
  if (budgets.length > 1) {
    throw new StatusError(newStatus(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'));
  }
  const name = budgets[0].metadata.name!;
  const opts = { dryRun, fieldValidation: 'Ignore' as const, warnings: [] };
  await updateObject(ctx, pdbScope, pod.metadata.namespace, name, (cur) => spendDisruption(cur as PodDisruptionBudget, pod), opts, 'status');
}

function spendDisruption(pdb: PodDisruptionBudget, pod: EvictedPod): PodDisruptionBudget {
  const s = pdb.status;
  const name = pdb.metadata.name!;
  if (!s || (s.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', `The disruption budget ${name} is still being processed by the server.`);
  }
  if (!isReady(pod)) {
    const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    if (policy === 'AlwaysAllow' || s.currentHealthy >= s.desiredHealthy) return pdb;
  }
  if (s.disruptionsAllowed < 0) throw newForbidden({ group: 'policy', resource: 'poddisruptionbudgets' }, name, 'pdb disruptions allowed is negative');
  if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw newForbidden({ group: 'policy', resource: 'poddisruptionbudgets' }, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (s.disruptionsAllowed === 0) {
    throw tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', `The disruption budget ${name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`);
  }
  s.disruptionsAllowed--;
  s.disruptedPods = { ...(s.disruptedPods ?? {}), [pod.metadata.name!]: nowTimestamp() };
  return pdb;
}
