import { newBadRequest, isNotFound } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { createObject } from './create.ts';
import { applyAllowingLastApplied } from './last-applied.ts';
import { applyPatchBody, type Patchers, type PatchType } from './patch.ts';
import type { ApiContext, Scope, WriteOptions } from './types.ts';
import { updateObject, type UpdateTarget } from './update.ts';

/** PatchResult is the patched object and whether server-side apply created it. */
export interface PatchResult {
  object: KubeObject;
  created: boolean;
}

/**
 * patchObject is PATCH: json, merge and strategic patches are applied to the current object
 * inside the update transaction; apply patches run server-side apply for fieldManager and create
 * the object when it does not exist yet.
 */
export async function patchObject(
  ctx: ApiContext,
  scope: Scope,
  patchers: Patchers,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  opts: WriteOptions,
  target: UpdateTarget,
  force: boolean,
): Promise<PatchResult> {
  if (type !== 'apply') {
    const object = await updateObject(ctx, scope, namespace, name, (cur) => applyPatchBody(patchers, scope, type, cur, patch), opts, target);
    return { object, created: false };
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw newBadRequest('apply patch must be an object');
  const manager = opts.fieldManager;
  if (!manager) throw newBadRequest('PATCH, application/apply-patch+yaml requests must have a fieldManager');
  const config = patch as KubeObject;
  // Server-side apply computes its own managedFields (operation Apply); no Update entry on top.
  opts = { ...opts, updateManager: undefined };
  const configName = config.metadata?.name;
  if (configName !== undefined && configName !== name) {
    throw newBadRequest(`the name of the object (${configName}) does not match the name on the URL (${name})`);
  }
  try {
    const object = await updateObject(ctx, scope, namespace, name, (cur) => applyAllowingLastApplied(patchers.apply, scope.info.kind, cur, config, manager, force), opts, target);
    return { object, created: false };
  } catch (err) {
    if (!isNotFound(err) || target !== 'main') throw err;
  }
  const fresh = patchers.apply(scope.info.kind, undefined, structuredClone(config), manager, force);
  fresh.metadata = { ...(fresh.metadata ?? {}), name };
  return { object: await createObject(ctx, scope, namespace, fresh, opts), created: true };
}
