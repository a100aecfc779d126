import type { PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../../../api/errors.ts';
import { newControllerRef, getControllerOf } from '../../util/keys.ts';
import type { DeploymentDeps } from './deps.ts';
import { getCondition, hasProgressDeadline, newCondition, Reasons, setCondition } from './status.ts';
import type { Deployment, ReplicaSet } from './types.ts';
import {
  computeHash, copyDeploymentAnnotations, equalIgnoreHash, maxRevision, maxSurge, PodTemplateHashLabel, replicasOf,
  RevisionAnnotation, RevisionHistoryAnnotation, revisionOf, rsReplicas, setReplicasAnnotations, byCreation, isRollingUpdate,
} from './util.ts';

/** findNewReplicaSet returns the oldest ReplicaSet whose template equals the deployment's (ignoring the hash label). */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** newRSNewReplicas is how large the new ReplicaSet may grow now (Kubernetes' NewRSNewReplicas). */
export function newRSNewReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  // Count what each ReplicaSet wants or still has (an old one scaled down keeps its pods until its
  // controller deletes them), so live pods never exceed replicas + maxSurge, not just the specs.
  const current = all.reduce((n, rs) => n + Math.max(rsReplicas(rs), rs.status?.replicas ?? 0), 0);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRS));
  return rsReplicas(newRS) + Math.max(0, up);
}

/** setNewReplicaSetAnnotations copies annotations and bumps the revision (keeping the revision history). */
function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const old = a[RevisionAnnotation];
  if ((Number.parseInt(old ?? '0', 10) || 0) < newRevision) {
    a[RevisionAnnotation] = String(newRevision);
    if (old) a[RevisionHistoryAnnotation] = a[RevisionHistoryAnnotation] ? `${a[RevisionHistoryAnnotation]},${old}` : old;
    changed = true;
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** setDeploymentRevision patches the deployment's revision annotation when it differs. */
async function setDeploymentRevision(dd: DeploymentDeps, d: Deployment, revision: string): Promise<void> {
  if (d.metadata.annotations?.[RevisionAnnotation] === revision) return;
  const updated = await dd.dClient.patch(d.metadata.namespace, d.metadata.name ?? '', 'merge', { metadata: { annotations: { [RevisionAnnotation]: revision } } });
  d.metadata = updated.metadata;
}

/** updateDeploymentStatus writes d.status and refreshes d with the result. */
export async function updateDeploymentStatus(dd: DeploymentDeps, d: Deployment): Promise<void> {
  let updated: Deployment;
  try {
    updated = await dd.dClient.updateStatus(d);
  } catch (err) {
    if (!isConflict(err)) throw err;
    // Status is derived from the ReplicaSets, not from the stale copy: write it onto the live object once.
    const live = await dd.dClient.get(d.metadata.namespace, d.metadata.name ?? '');
    if ((live.metadata.generation ?? 0) !== (d.metadata.generation ?? 0)) throw err; // spec changed: resync from scratch
    updated = await dd.dClient.updateStatus({ ...live, status: d.status });
  }
  d.metadata = updated.metadata;
  d.status = updated.status;
}

/**
 * getAllReplicaSetsAndSyncRevision splits a deployment's ReplicaSets into the new one (template
 * equal to the deployment's) and the old ones, creating the new one when asked, and keeps the
 * revision annotations in step (a reused old ReplicaSet — a rollback — gets the next revision).
 */
export async function getAllReplicaSetsAndSyncRevision(dd: DeploymentDeps, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<{ newRS?: ReplicaSet; oldRSs: ReplicaSet[] }> {
  const existing = findNewReplicaSet(d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== existing);
  const newRS = await getNewReplicaSet(dd, d, existing, oldRSs, create);
  return { newRS, oldRSs };
}

async function getNewReplicaSet(dd: DeploymentDeps, d: Deployment, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) return syncExistingNewRS(dd, d, existing, newRevision);
  if (!create) return undefined;
  const template = structuredClone(d.spec?.template ?? ({ spec: { containers: [] } } as unknown as PodTemplateSpec));
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [PodTemplateHashLabel]: hash } };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [PodTemplateHashLabel]: hash };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')], labels: template.metadata.labels },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
  };
  rs.spec!.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: ReplicaSet;
  try {
    created = await dd.rsClient.create(d.metadata.namespace, rs);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const clash = await dd.rsClient.get(d.metadata.namespace, rs.metadata.name ?? '');
    if (getControllerOf(clash)?.uid === d.metadata.uid && equalIgnoreHash(clash.spec?.template, d.spec?.template)) return clash;
    // A hash collision: bump collisionCount so the next attempt hashes differently.
    d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    await updateDeploymentStatus(dd, d);
    throw err;
  }
  if (rsReplicas(created) > 0) dd.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${rsReplicas(created)}`);
  await setDeploymentRevision(dd, d, String(newRevision));
  if (hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', Reasons.NewRSCreated, `Created new replica set "${created.metadata.name}"`, dd.clock.now()));
    await updateDeploymentStatus(dd, d);
  }
  return created;
}

async function syncExistingNewRS(dd: DeploymentDeps, d: Deployment, existing: ReplicaSet, newRevision: number): Promise<ReplicaSet> {
  let rs = structuredClone(existing);
  const annotationsChanged = setNewReplicaSetAnnotations(d, rs, newRevision, true);
  const minReadyChanged = (rs.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
  if (annotationsChanged || minReadyChanged) {
    rs.spec = { ...rs.spec, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
    rs = await dd.rsClient.update(rs);
  }
  await setDeploymentRevision(dd, d, String(revisionOf(rs)));
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', Reasons.FoundNewRS, `Found new replica set "${rs.metadata.name}"`, dd.clock.now()));
    await updateDeploymentStatus(dd, d);
  }
  return rs;
}

/**
 * scaleReplicaSet sets a ReplicaSet's replicas (and desired/max annotations) and records
 * ScalingReplicaSet like Kubernetes. Returns the updated ReplicaSet and whether the size changed.
 */
export async function scaleReplicaSet(dd: DeploymentDeps, rs: ReplicaSet, newScale: number, d: Deployment): Promise<{ rs: ReplicaSet; scaled: boolean }> {
  const from = rsReplicas(rs);
  const copy = structuredClone(rs);
  const annotationsChanged = setReplicasAnnotations(copy, replicasOf(d), replicasOf(d) + maxSurge(d));
  if (from === newScale && !annotationsChanged) return { rs, scaled: false };
  copy.spec = { ...copy.spec, replicas: newScale };
  let updated: ReplicaSet;
  try {
    updated = await dd.rsClient.update(copy);
  } catch (err) {
    if (isNotFound(err)) return { rs, scaled: false };
    throw err;
  }
  if (from !== newScale) {
    dd.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${from < newScale ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${newScale}`);
  }
  return { rs: updated, scaled: from !== newScale };
}
