import type { DeploymentDeps } from './deps.ts';
import { getAllReplicaSetsAndSyncRevision, scaleReplicaSet, updateDeploymentStatus } from './replica-sets.ts';
import { reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling.ts';
import {
  calculateStatus, deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline,
  newCondition, Reasons, removeCondition, setCondition, statusEqual,
} from './status.ts';
import type { Deployment, ReplicaSet } from './types.ts';
import {
  activeOf, byCreation, byRevision, bySizeNewer, bySizeOlder, DesiredReplicasAnnotation, isRollingUpdate, MaxReplicasAnnotation, maxSurge, replicasOf, rsReplicas, sumSpec, sumStatus,
} from './util.ts';
import { isPodTerminal } from '../../util/pod.ts';
import { getControllerOf } from '../../util/keys.ts';

/** rolloutRolling advances a RollingUpdate one step (Kubernetes' rolloutRolling). */
export async function rolloutRolling(dd: DeploymentDeps, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dd, d, rsList, true);
  const all = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(dd, all, newRS!, d)) return syncRolloutStatus(dd, all, newRS, d);
  if (await reconcileOldReplicaSets(dd, all, activeOf(oldRSs), newRS!, d)) return syncRolloutStatus(dd, all, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(dd, oldRSs, d);
  await syncRolloutStatus(dd, all, newRS, d);
}

/** rolloutRecreate scales every old ReplicaSet to 0, waits for their pods to go, then scales the new one up. */
export async function rolloutRecreate(dd: DeploymentDeps, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dd, d, rsList, false);
  const all = () => (newRS ? [...oldRSs, newRS] : oldRSs);
  let scaledDown = false;
  for (const rs of activeOf(oldRSs)) if ((await scaleReplicaSet(dd, rs, 0, d)).scaled) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(dd, all(), newRS, d);
  if (oldPodsRunning(dd, oldRSs)) return syncRolloutStatus(dd, all(), newRS, d);
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dd, d, rsList, true));
  if (newRS && rsReplicas(newRS) !== replicasOf(d)) {
    await scaleReplicaSet(dd, newRS, replicasOf(d), d);
    return syncRolloutStatus(dd, all(), newRS, d);
  }
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(dd, oldRSs, d);
  await syncRolloutStatus(dd, all(), newRS, d);
}

function oldPodsRunning(dd: DeploymentDeps, oldRSs: ReplicaSet[]): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  const uids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  const ns = oldRSs[0]?.metadata.namespace;
  if (!ns) return false;
  return dd.pods.lister.list(ns).some((p) => uids.has(getControllerOf(p)?.uid) && !isPodTerminal(p));
}

/** isScalingEvent: some active ReplicaSet was sized for a different spec.replicas. */
export function isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
  return activeOf(rsList).some((rs) => {
    const desired = rs.metadata.annotations?.[DesiredReplicasAnnotation];
    return desired !== undefined && Number(desired) !== replicasOf(d);
  });
}

/** syncScale handles paused deployments and scaling events: resize, cleanup, status (Kubernetes' sync). */
export async function syncScale(dd: DeploymentDeps, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dd, d, rsList, false);
  await scale(dd, d, newRS, oldRSs);
  if (d.spec?.paused) await cleanupDeployment(dd, oldRSs, d);
  await syncDeploymentStatus(dd, newRS ? [...oldRSs, newRS] : oldRSs, newRS, d);
}

/** scale resizes ReplicaSets after a spec.replicas change, proportionally during a rollout. */
async function scale(dd: DeploymentDeps, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const want = replicasOf(d);
  const active = activeOf(newRS ? [newRS, ...oldRSs] : oldRSs);
  const single = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? [...oldRSs].sort(byCreation).at(-1)) : undefined;
  if (single) {
    if (rsReplicas(single) !== want) await scaleReplicaSet(dd, single, want, d);
    return;
  }
  if (newRS && rsReplicas(newRS) === want && (newRS.status?.availableReplicas ?? 0) === want) {
    for (const rs of activeOf(oldRSs)) await scaleReplicaSet(dd, rs, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allowed = want > 0 ? want + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(active);
  const sorted = [...active].sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of sorted) {
    const p = proportion(rs, d, toAdd, added);
    sizes.set(rs, rsReplicas(rs) + p);
    added += p;
  }
  // Leftovers from rounding go to the largest ReplicaSet.
  if (sorted.length && added !== toAdd) sizes.set(sorted[0], Math.max(0, (sizes.get(sorted[0]) ?? 0) + toAdd - added));
  for (const rs of sorted) await scaleReplicaSet(dd, rs, sizes.get(rs) ?? rsReplicas(rs), d);
}

function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const fraction = replicaSetFraction(rs, d);
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = Number(rs.metadata.annotations?.[MaxReplicasAnnotation] ?? d.status?.replicas ?? 0);
  if (!annotated) return 0;
  return Math.round((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
}

/** cleanupDeployment deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
export async function cleanupDeployment(dd: DeploymentDeps, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  const limit = d.spec?.revisionHistoryLimit ?? 10;
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) return;
  for (const rs of [...alive].sort(byRevision).slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    try {
      await dd.rsClient.delete(rs.metadata.namespace, rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid } });
    } catch (err) {
      dd.logger.warn({ err, rs: rs.metadata.name }, 'cleaning up old replica set failed');
    }
  }
}

/** syncDeploymentStatus writes the calculated status when it changed. */
export async function syncDeploymentStatus(dd: DeploymentDeps, all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const s = calculateStatus(all, newRS, d, dd.clock.now());
  if (statusEqual(d.status, s)) return;
  d.status = s;
  await updateDeploymentStatus(dd, d);
}

/**
 * syncRolloutStatus writes status with the Progressing condition (ReplicaSetUpdated while it
 * moves, NewReplicaSetAvailable when done, ProgressDeadlineExceeded after the deadline) and
 * requeues a deployment that may time out later.
 */
export async function syncRolloutStatus(dd: DeploymentDeps, all: ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const now = dd.clock.now();
  const s = calculateStatus(all, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && cur?.reason === Reasons.NewRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const name = newRS?.metadata.name ?? '';
    if (deploymentComplete(d, s)) {
      setCondition(s, newCondition('Progressing', 'True', Reasons.NewRSAvailable, `ReplicaSet "${name}" has successfully progressed.`, now));
    } else if (deploymentProgressing(d, s)) {
      const c = newCondition('Progressing', 'True', Reasons.RSUpdated, `ReplicaSet "${name}" is progressing.`, now);
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(s, 'Progressing');
      setCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      setCondition(s, newCondition('Progressing', 'False', Reasons.TimedOut, `ReplicaSet "${name}" has timed out progressing.`, now));
    }
  }
  if (statusEqual(d.status, s)) return requeueStuck(dd, d, s, now);
  d.status = s;
  await updateDeploymentStatus(dd, d);
}

function requeueStuck(dd: DeploymentDeps, d: Deployment, s: NonNullable<Deployment['status']>, now: number): void {
  const c = getCondition(s, 'Progressing');
  if (!hasProgressDeadline(d) || !c || c.reason === Reasons.NewRSAvailable || c.reason === Reasons.TimedOut) return;
  if (deploymentComplete(d, s)) return;
  const at = Date.parse(c.lastUpdateTime ?? '') + (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
  dd.queue.addAfter(`${d.metadata.namespace}/${d.metadata.name}`, Math.max(1000, at - now + 1000));
}
