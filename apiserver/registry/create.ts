import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { storageToStatus } from '../status-reply.ts';
import { admitBody, validateOrThrow } from './admit-body.ts';
import { objectKey } from './keys.ts';
import { checkNamespaceForCreate } from './namespace-lifecycle.ts';
import { fillCreateMeta } from './object-meta.ts';
import { recordUpdate } from './field-manager.ts';
import type { ApiContext, Scope, WriteOptions } from './types.ts';

/**
 * createObject is POST: admit the body, default, set server-owned metadata, validate, check the
 * namespace, run the strategy's allocations and store the object (409 AlreadyExists if taken).
 * It takes body over (every caller passes a freshly decoded or built object): no deep copy of it.
 */
export async function createObject(ctx: ApiContext, scope: Scope, namespace: string | undefined, body: unknown, opts: WriteOptions): Promise<KubeObject> {
  const obj = admitBody(ctx, scope, body, namespace, opts, true);
  return createAdmitted(ctx, scope, obj, opts);
}

/** createAdmitted stores an already admitted object (server-side apply creates through it). */
export async function createAdmitted(ctx: ApiContext, scope: Scope, obj: KubeObject, opts: WriteOptions): Promise<KubeObject> {
  scope.def.applyDefaults(obj);
  fillCreateMeta(obj);
  if (scope.strategy.resetStatusOnCreate) delete (obj as { status?: unknown }).status;
  scope.strategy.prepareForCreate?.(ctx, obj);
  validateOrThrow(scope, obj);
  if (opts.updateManager) recordUpdate(scope, obj, undefined, opts.updateManager);
  await checkNamespaceForCreate(ctx, scope, obj.metadata.namespace);
  const undo = await scope.strategy.beforeCreate?.(ctx, obj, opts.dryRun);
  if (opts.dryRun) return obj;
  const key = objectKey(scope.info, obj.metadata.namespace, obj.metadata.name!);
  try {
    return await ctx.storage.create(key, obj);
  } catch (err) {
    if (undo) await undo().catch((e: unknown) => ctx.logger.warn({ err: e }, 'undo allocation failed'));
    throw storageToStatus(err, scope.gr, obj.metadata.name!);
  }
}
