import type { Pod } from '../../api/core/v1/pod.ts';

type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];

/** podReadyCondition returns the Ready condition of a pod, if reported. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** isPodReady tells whether the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** isPodAvailable: ready for at least minReadySeconds (Kubernetes' podutil.IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** isPodActive: not terminated and not being deleted (what controllers count as "existing"). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** isPodTerminal: Succeeded or Failed. */
export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** restartCount sums the restart counts of a pod's containers. */
export function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function time(s: string | null | undefined): number {
  return s ? Date.parse(s) : Number.POSITIVE_INFINITY;
}

/**
 * compareForDeletion orders pods least valuable first, like Kubernetes' ActivePodsWithRanks:
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; more pods of the
 * same owner on its node first; ready for less time first; more restarts first; newer first.
 * `colocated` maps a node name to how many related pods run there.
 */
export function compareForDeletion(colocated: Map<string, number>): (a: Pod, b: Pod) => number {
  return (a, b) => {
    const an = a.spec?.nodeName ?? '', bn = b.spec?.nodeName ?? '';
    if ((an === '') !== (bn === '')) return an === '' ? -1 : 1;
    const ap = phaseRank[a.status?.phase ?? 'Pending'] ?? 0, bp = phaseRank[b.status?.phase ?? 'Pending'] ?? 0;
    if (ap !== bp) return ap - bp;
    const ar = isPodReady(a), br = isPodReady(b);
    if (ar !== br) return ar ? 1 : -1;
    const ac = colocated.get(an) ?? 0, bc = colocated.get(bn) ?? 0;
    if (ac !== bc) return bc - ac;
    if (ar && br) {
      const at = time(podReadyCondition(a)?.lastTransitionTime), bt = time(podReadyCondition(b)?.lastTransitionTime);
      if (at !== bt) return bt - at;
    }
    const arc = restartCount(a), brc = restartCount(b);
    if (arc !== brc) return brc - arc;
    const act = time(a.metadata.creationTimestamp), bct = time(b.metadata.creationTimestamp);
    if (act !== bct) return bct - act;
    return 0;
  };
}

/** podsToDelete picks the `count` least valuable pods (`related` are all pods of the owner's family, for co-location ranking). */
export function podsToDelete(pods: Pod[], related: Pod[], count: number): Pod[] {
  const colocated = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName;
    if (n && isPodActive(p)) colocated.set(n, (colocated.get(n) ?? 0) + 1);
  }
  return [...pods].sort(compareForDeletion(colocated)).slice(0, count);
}
