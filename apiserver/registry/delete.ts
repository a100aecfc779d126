import { isConflict, newConflict } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { isStorageError } from '../storage/types.ts';
import { storageToStatus } from '../status-reply.ts';
import { objectKey } from './keys.ts';
import { nowTimestamp } from './object-meta.ts';
import type { ApiContext, DeleteOptions, Scope } from './types.ts';

/** DeleteResult is the object after a delete and whether it is gone (false: still terminating). */
export interface DeleteResult {
  object: KubeObject;
  deleted: boolean;
}

function checkPreconditions(scope: Scope, current: KubeObject, opts: DeleteOptions): void {
  const p = opts.preconditions;
  const name = current.metadata.name ?? '';
  if (p?.uid && p.uid !== current.metadata.uid) {
    throw newConflict(scope.gr, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
    throw newConflict(scope.gr, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in meta: ${current.metadata.resourceVersion}`);
  }
}

function propagationFinalizer(scope: Scope, opts: DeleteOptions): string | undefined {
  const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : opts.orphanDependents === false ? 'Background' : scope.strategy.defaultPropagation);
  if (policy === 'Orphan') return 'orphan';
  if (policy === 'Foreground') return 'foregroundDeletion';
  return undefined;
}

/** readyToRemove tells whether a deleted object has nothing left holding it: no finalizers, no grace pending. */
function readyToRemove(scope: Scope, obj: KubeObject): boolean {
  const m = obj.metadata;
  return !!m.deletionTimestamp && !(m.finalizers?.length) && !((m.deletionGracePeriodSeconds ?? 0) > 0) && !scope.strategy.blocksDeletion?.(obj);
}

async function removeNow(ctx: ApiContext, scope: Scope, obj: KubeObject): Promise<KubeObject> {
  const key = objectKey(scope.info, obj.metadata.namespace, obj.metadata.name!);
  const deleted = await ctx.storage.delete(key, { uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion });
  await scope.strategy.afterDelete?.(ctx, deleted);
  return deleted;
}

/**
 * finishDeletionIfDone removes an object whose deletion was waiting and is now free to go (last
 * finalizer removed, grace period ended); a concurrent change or removal leaves it as it is.
 */
export async function finishDeletionIfDone(ctx: ApiContext, scope: Scope, obj: KubeObject): Promise<KubeObject> {
  if (!readyToRemove(scope, obj)) return obj;
  try {
    return await removeNow(ctx, scope, obj);
  } catch (err) {
    if (isStorageError(err, 'NotFound') || isStorageError(err, 'Conflict')) return obj;
    throw err;
  }
}

/**
 * deleteObject is DELETE: preconditions, then either an immediate removal or a graceful one —
 * deletionTimestamp set, propagation finalizers added — that finishes when finalizers are gone
 * and (pods) the kubelet confirms with grace 0.
 */
export async function deleteObject(ctx: ApiContext, scope: Scope, namespace: string | undefined, name: string, opts: DeleteOptions): Promise<DeleteResult> {
  // A write racing a delete without preconditions (a controller's status update) is not the
  // caller's conflict: decide again on the fresh object, as Kubernetes' store does.
  for (let attempt = 0; ; attempt++) {
    try {
      return await deleteOnce(ctx, scope, namespace, name, opts);
    } catch (err) {
      if (!isConflict(err) || opts.preconditions || attempt >= 5) throw err;
    }
  }
}

async function deleteOnce(ctx: ApiContext, scope: Scope, namespace: string | undefined, name: string, opts: DeleteOptions): Promise<DeleteResult> {
  const key = objectKey(scope.info, namespace, name);
  try {
    const current = await ctx.storage.get(key);
    checkPreconditions(scope, current, opts);
    if (opts.dryRun?.includes('All')) return { object: current, deleted: true };
    const grace = scope.strategy.gracefulDeleteSeconds?.(current, opts);
    const finalizer = propagationFinalizer(scope, opts);
    const blocked = scope.strategy.blocksDeletion?.(current) ?? false;
    const needsUpdate = !!current.metadata.finalizers?.length || !!finalizer || (grace ?? 0) > 0 || blocked || !!current.metadata.deletionTimestamp;
    if (!needsUpdate) return { object: await removeNow(ctx, scope, current), deleted: true };
    const updated = await ctx.storage.guaranteedUpdate(key, (cur) => markDeleting(scope, cur, grace, finalizer, opts));
    const done = await finishDeletionIfDone(ctx, scope, updated);
    return { object: done, deleted: done !== updated };
  } catch (err) {
    throw storageToStatus(err, scope.gr, name);
  }
}

function markDeleting(scope: Scope, cur: KubeObject, grace: number | undefined, finalizer: string | undefined, opts: DeleteOptions): KubeObject {
  checkPreconditions(scope, cur, opts);
  const next = scope.strategy.prepareForDelete?.(structuredClone(cur)) ?? structuredClone(cur);
  const m = next.metadata;
  const g = grace ?? 0;
  if (!m.deletionTimestamp) {
    m.deletionTimestamp = nowTimestamp(g);
    m.deletionGracePeriodSeconds = g;
  } else if (g < (m.deletionGracePeriodSeconds ?? 0)) {
    // A shorter grace period (e.g. the kubelet's final grace-0 delete) moves the deadline forward.
    m.deletionTimestamp = nowTimestamp(g);
    m.deletionGracePeriodSeconds = g;
  }
  if (finalizer && !m.finalizers?.includes(finalizer)) {
    const other = finalizer === 'orphan' ? 'foregroundDeletion' : 'orphan';
    m.finalizers = [...(m.finalizers ?? []).filter((f) => f !== other), finalizer];
  }
  return next;
}
