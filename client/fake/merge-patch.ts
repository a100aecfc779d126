/**
 * mergePatch applies an RFC 7386 JSON merge patch (null deletes a key, objects merge
 * recursively, everything else replaces). The fake client uses it for merge, strategic (as a
 * fallback: lists are replaced, not merged by key) and apply patches.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
