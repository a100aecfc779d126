import { clone, deepEqual, isObject, type JsonObject } from './json.ts';

/**
 * applyMergePatch applies a JSON merge patch (RFC 7386, `application/merge-patch+json`): objects
 * merge recursively, null deletes a key, anything else (arrays included) replaces. The target
 * is not modified.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/**
 * createMergePatch returns the merge patch that turns original into modified: changed keys with
 * their new values, removed keys as null, nested objects diffed recursively, arrays whole.
 * Equal documents give `{}`.
 */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  if (!isObject(original) || !isObject(modified)) return clone(modified);
  const patch: JsonObject = {};
  for (const [k, mv] of Object.entries(modified)) {
    if (!Object.hasOwn(original, k)) {
      patch[k] = clone(mv);
      continue;
    }
    const ov = original[k];
    if (deepEqual(ov, mv)) continue;
    if (isObject(ov) && isObject(mv)) patch[k] = createMergePatch(ov, mv);
    else patch[k] = clone(mv);
  }
  for (const k of Object.keys(original)) {
    if (!Object.hasOwn(modified, k)) patch[k] = null;
  }
  return patch;
}
