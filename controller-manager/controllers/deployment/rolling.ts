import type { DeploymentDeps } from './deps.ts';
import { newRSNewReplicas, scaleReplicaSet } from './replica-sets.ts';
import type { Deployment, ReplicaSet } from './types.ts';
import { activeOf, byCreation, maxUnavailable, replicasOf, rsReplicas, sumSpec, sumStatus } from './util.ts';

/** reconcileNewReplicaSet scales the new ReplicaSet up within maxSurge (or down if over). */
export async function reconcileNewReplicaSet(dd: DeploymentDeps, all: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  const want = replicasOf(d);
  if (rsReplicas(newRS) === want) return false;
  if (rsReplicas(newRS) > want) return (await scaleReplicaSet(dd, newRS, want, d)).scaled;
  return (await scaleReplicaSet(dd, newRS, newRSNewReplicas(d, all, newRS), d)).scaled;
}

/**
 * reconcileOldReplicaSets scales old ReplicaSets down without going below
 * replicas − maxUnavailable available pods: first unhealthy replicas, then healthy ones.
 */
export async function reconcileOldReplicaSets(dd: DeploymentDeps, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (sumSpec(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpec(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { rss: cleaned, count: cleanedUp } = await cleanupUnhealthyReplicas(dd, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(dd, [...cleaned, newRS], cleaned, d);
  return cleanedUp + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(dd: DeploymentDeps, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<{ rss: ReplicaSet[]; count: number }> {
  let total = 0;
  const out: ReplicaSet[] = [];
  for (const rs of [...oldRSs].sort(byCreation)) {
    const spec = rsReplicas(rs), avail = rs.status?.availableReplicas ?? 0;
    if (total >= maxCleanup || spec === 0 || spec === avail) {
      out.push(rs);
      continue;
    }
    const down = Math.min(maxCleanup - total, spec - avail);
    const { rs: updated } = await scaleReplicaSet(dd, rs, spec - down, d);
    total += down;
    out.push(updated);
  }
  return { rss: out, count: total };
}

async function scaleDownOldForRollingUpdate(dd: DeploymentDeps, all: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = sumStatus(all, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...activeOf(oldRSs)].sort(byCreation)) {
    if (total >= budget) break;
    const down = Math.min(rsReplicas(rs), budget - total);
    await scaleReplicaSet(dd, rs, rsReplicas(rs) - down, d);
    total += down;
  }
  return total;
}
