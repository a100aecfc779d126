/** JSON helpers shared by the patch algorithms: plain-object test, deep equality, deep clone. */

/** JsonObject is a JSON object (never an array or null). */
export type JsonObject = Record<string, unknown>;

/** isObject tells whether v is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** deepEqual compares two JSON values structurally (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** clone deep-copies a JSON value (undefined stays undefined). */
export function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}
