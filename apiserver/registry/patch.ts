import { newBadRequest, newUnsupportedMediaType } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { applyJsonPatch } from '../../api/patch/json-patch.ts';
import { applyMergePatch } from '../../api/patch/merge-patch.ts';
import { mediaType } from '../handlers/body.ts';
import type { Scope } from './types.ts';

/** PatchType is one of the four patch media types Kubernetes accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** patchTypeOf maps a PATCH Content-Type to its patch type (415 when it is none of them). */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const t = TYPES[mediaType(contentType)];
  if (!t) throw newUnsupportedMediaType(mediaType(contentType));
  return t;
}

/** Patchers are the patch algorithms the API server uses; strategic and apply are pluggable. */
export interface Patchers {
  strategic(kind: string, original: KubeObject, patch: unknown): unknown;
  /** apply merges an apply configuration into the live object for fieldManager (server-side apply). */
  apply(kind: string, live: KubeObject | undefined, config: KubeObject, manager: string, force: boolean): KubeObject;
}

/** fallbackPatchers treats a strategic patch and an apply configuration as JSON merge patches. */
export const fallbackPatchers: Patchers = {
  strategic: (_kind, original, patch) => applyMergePatch(original, patch),
  apply: (_kind, live, config) => (live ? (applyMergePatch(live, config) as KubeObject) : config),
};

/** applyPatchBody applies a decoded patch of the given type to the current object. */
export function applyPatchBody(patchers: Patchers, scope: Scope, type: PatchType, current: KubeObject, patch: unknown): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(current, patch);
    case 'merge':
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw newBadRequest('merge patch must be a JSON object');
      return applyMergePatch(current, patch);
    case 'strategic':
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw newBadRequest('strategic merge patch must be a JSON object');
      return patchers.strategic(scope.info.kind, current, patch);
    default:
      throw newBadRequest('apply patches are handled by server-side apply');
  }
}
