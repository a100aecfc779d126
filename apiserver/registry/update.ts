import { newBadRequest, newConflict } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { storageToStatus } from '../status-reply.ts';
import { admitBody, validateOrThrow } from './admit-body.ts';
import { finishDeletionIfDone } from './delete.ts';
import { objectKey } from './keys.ts';
import { sameObject, specChanged } from './object-meta.ts';
import { recordUpdate } from './field-manager.ts';
import type { ApiContext, Scope, WriteOptions } from './types.ts';

/** Mutation computes the desired object from (a private copy of) the current one. */
export type Mutation = (current: KubeObject) => unknown | Promise<unknown>;

/** UpdateTarget says which part of the object a write may change. */
export type UpdateTarget = 'main' | 'status' | 'finalize';

class NoChange {
  readonly current: KubeObject;
  constructor(current: KubeObject) {
    this.current = current;
  }
}

type WithStatus = KubeObject & { status?: unknown; spec?: { finalizers?: string[] } };

/**
 * mergeForTarget builds the object to store from the current one and the desired one: the main
 * resource keeps the current status, /status keeps everything but status, /finalize only takes
 * spec.finalizers. Server-owned metadata always comes from the current object.
 */
function mergeForTarget(scope: Scope, current: WithStatus, desired: WithStatus, target: UpdateTarget): WithStatus {
  let next: WithStatus;
  if (target === 'status') next = { ...structuredClone(current), status: desired.status };
  else if (target === 'finalize') next = { ...structuredClone(current), spec: { ...(current.spec ?? {}), finalizers: desired.spec?.finalizers ?? [] } };
  else {
    next = desired;
    if (scope.info.subresources.includes('status')) {
      if (current.status === undefined) delete next.status;
      else next.status = structuredClone(current.status);
    }
  }
  const m = next.metadata;
  const c = current.metadata;
  if (target !== 'main') next.metadata = { ...structuredClone(c), managedFields: m.managedFields ?? c.managedFields };
  else {
    m.uid = c.uid;
    m.creationTimestamp = c.creationTimestamp;
    m.generation = c.generation;
    m.deletionTimestamp = c.deletionTimestamp;
    m.deletionGracePeriodSeconds = c.deletionGracePeriodSeconds;
    if (m.deletionTimestamp === undefined) delete m.deletionTimestamp;
    if (m.deletionGracePeriodSeconds === undefined) delete m.deletionGracePeriodSeconds;
  }
  next.metadata.resourceVersion = c.resourceVersion;
  return next;
}

/**
 * updateObject is PUT/PATCH and their /status and /finalize forms: inside an etcd transaction it
 * computes the desired object, checks name and resourceVersion, keeps what the target may not
 * change, defaults, validates, bumps generation on spec changes and writes — or returns the
 * current object untouched when nothing changed. An update that removes the last finalizer of
 * a deleted object completes the deletion.
 */
export async function updateObject(
  ctx: ApiContext,
  scope: Scope,
  namespace: string | undefined,
  name: string,
  mutate: Mutation,
  opts: WriteOptions,
  target: UpdateTarget = 'main',
): Promise<KubeObject> {
  const key = objectKey(scope.info, namespace, name);
  const undoBox: { undo?: () => Promise<void> } = {};
  let previous: KubeObject | undefined;
  let result: KubeObject;
  try {
    result = await ctx.storage.guaranteedUpdate(key, async (current) => {
      if (undoBox.undo) await undoBox.undo();
      undoBox.undo = undefined;
      opts.warnings.length = 0;
      previous = current;
      const desired = admitBody(ctx, scope, await mutate(structuredClone(current)), namespace, opts);
      if (desired.metadata.name !== undefined && desired.metadata.name !== name) {
        throw newBadRequest(`the name of the object (${desired.metadata.name}) does not match the name on the URL (${name})`);
      }
      desired.metadata.name = name;
      const wantRV = desired.metadata.resourceVersion;
      if (wantRV && wantRV !== current.metadata.resourceVersion) {
        throw newConflict(scope.gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      const next = mergeForTarget(scope, current, desired, target);
      if (target === 'main') {
        scope.strategy.prepareForUpdate?.(next, current);
        scope.def.applyDefaults(next);
      }
      validateOrThrow(scope, next, current);
      if (opts.updateManager) recordUpdate(scope, next, current, opts.updateManager, target === 'status' ? 'status' : opts.subresource);
      if (sameObject(next, current)) throw new NoChange(current);
      if (target === 'main' && next.metadata.generation !== undefined && specChanged(next, current)) next.metadata.generation = (current.metadata.generation ?? 0) + 1;
      undoBox.undo = (await scope.strategy.beforeUpdate?.(ctx, next, current, opts.dryRun)) ?? undefined;
      if (opts.dryRun) throw new NoChange(next);
      return next;
    });
  } catch (err) {
    if (err instanceof NoChange) return err.current;
    if (undoBox.undo) await undoBox.undo().catch(() => undefined);
    throw storageToStatus(err, scope.gr, name);
  }
  if (previous) await scope.strategy.afterUpdate?.(ctx, result, previous);
  return finishDeletionIfDone(ctx, scope, result);
}
