import { newBadRequest, newStatus, StatusError } from '../errors.ts';
import { clone, deepEqual, isObject, type JsonObject } from './json.ts';
import { rootStruct, structOf, type FieldMeta, type StructMeta } from './patch-meta.ts';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

/** invalid is a patch that is well-formed JSON but cannot be applied (422, never a 5xx). */
function invalid(message: string): StatusError {
  return new StatusError(newStatus(422, 'Invalid', message));
}

/**
 * applyStrategicMergePatch applies a strategic merge patch
 * (`application/strategic-merge-patch+json`) to a copy of original, using the kind's patch
 * metadata: keyed lists merge element by element, `$patch: replace|delete|merge`,
 * `$retainKeys`, `$deleteFromPrimitiveList/<f>`, `$setElementOrder/<f>`, null deletes; lists
 * without metadata are replaced whole. Malformed directives throw 400, unappliable patches 422.
 */
export function applyStrategicMergePatch(kind: string, original: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw newBadRequest('strategic merge patch must be a JSON object');
  const result = mergeMap(isObject(original) ? original : {}, patch, rootStruct(kind));
  return result ?? {};
}

/** mergeMap merges patch into (a copy of) orig; undefined means the map itself is deleted. */
export function mergeMap(orig: JsonObject, patch: JsonObject, meta: StructMeta | undefined): JsonObject | undefined {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') return stripDirectives(patch, meta);
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge') throw newBadRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const out = clone(orig);
  applyRetainKeys(out, patch);
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVES)) deleteFromPrimitiveList(out, key.slice(DELETE_PRIMITIVES.length), value);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    mergeField(out, key, value, meta?.[key]);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(SET_ORDER)) setElementOrder(out, key.slice(SET_ORDER.length), value, meta?.[key.slice(SET_ORDER.length)]);
  }
  return out;
}

function mergeField(out: JsonObject, key: string, value: unknown, fm: FieldMeta | undefined): void {
  if (value === null) {
    delete out[key];
  } else if (isObject(value)) {
    const merged = mergeMap(isObject(out[key]) ? out[key] : {}, value, structOf(fm));
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  } else if (Array.isArray(value)) {
    out[key] = fm?.merge ? mergeList(Array.isArray(out[key]) ? out[key] : [], value, fm) : clone(value);
  } else {
    out[key] = value;
  }
}

/** applyRetainKeys drops keys of out missing from `$retainKeys`, after checking the patch keeps to it. */
function applyRetainKeys(out: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const keep = patch[RETAIN_KEYS];
  if (!Array.isArray(keep) || !keep.every((k) => typeof k === 'string')) {
    throw newBadRequest('invalid patch: $retainKeys must be a list of field names');
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$') || v === null) continue;
    if (!keep.includes(k)) throw invalid(`invalid patch: field ${k} is not listed in $retainKeys ${JSON.stringify(keep)}`);
  }
  for (const k of Object.keys(out)) if (!keep.includes(k)) delete out[k];
}

function deleteFromPrimitiveList(out: JsonObject, field: string, values: unknown): void {
  if (!Array.isArray(values)) throw newBadRequest(`invalid patch: ${DELETE_PRIMITIVES}${field} must be a list`);
  const list = out[field];
  if (!Array.isArray(list)) return;
  out[field] = list.filter((x) => !values.some((v) => deepEqual(v, x)));
}

/** mergeList merges a patch list into an original list with merge strategy. */
function mergeList(orig: unknown[], patch: unknown[], fm: FieldMeta): unknown[] {
  if (patch.some((e) => isObject(e) && e[DIRECTIVE] === 'replace')) {
    return patch.filter((e) => !(isObject(e) && e[DIRECTIVE] === 'replace')).map((e) => (isObject(e) ? stripDirectives(e, structOf(fm)) : clone(e)));
  }
  if (!fm.mergeKey) {
    const out = [...orig];
    for (const e of patch) {
      if (isObject(e) || Array.isArray(e)) throw newBadRequest('invalid patch: a list of primitives cannot hold maps or lists');
      if (!out.some((x) => deepEqual(x, e))) out.push(e);
    }
    return out;
  }
  return mergeKeyedList(orig, patch, fm.mergeKey, structOf(fm));
}

function mergeKeyedList(orig: unknown[], patch: unknown[], mergeKey: string, elemMeta: StructMeta | undefined): unknown[] {
  let out = orig.map(clone);
  for (const e of patch) {
    if (!isObject(e)) throw newBadRequest(`invalid patch: list elements must be maps with merge key "${mergeKey}"`);
    const key = e[mergeKey];
    if (key === undefined) throw invalid(`map: ${JSON.stringify(e)} does not contain declared merge key: ${mergeKey}`);
    const same = (x: unknown): boolean => isObject(x) && deepEqual(x[mergeKey], key);
    if (e[DIRECTIVE] === 'delete') {
      out = out.filter((x) => !same(x));
      continue;
    }
    const idx = out.findIndex(same);
    const merged = mergeMap(idx >= 0 ? (out[idx] as JsonObject) : {}, e, elemMeta);
    if (idx >= 0) {
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else if (merged !== undefined) {
      out.push(merged);
    }
  }
  return out;
}

/**
 * setElementOrder reorders a merged list as `$setElementOrder/<field>` says; elements the order
 * does not name (added by someone else) keep their slots, as Kubernetes keeps server-only items.
 */
function setElementOrder(out: JsonObject, field: string, order: unknown, fm: FieldMeta | undefined): void {
  if (!Array.isArray(order)) throw newBadRequest(`invalid patch: ${SET_ORDER}${field} must be a list`);
  const list = out[field];
  if (!Array.isArray(list)) return;
  const mk = fm?.mergeKey;
  const keyOf = (e: unknown): unknown => (mk ? (isObject(e) ? e[mk] : undefined) : e);
  const orderKeys = order.map(keyOf);
  const rank = (e: unknown): number => orderKeys.findIndex((k) => deepEqual(k, keyOf(e)));
  const ordered = list.filter((e) => rank(e) >= 0).sort((a, b) => rank(a) - rank(b));
  let i = 0;
  out[field] = list.map((e) => (rank(e) >= 0 ? ordered[i++] : e));
}

/** stripDirectives removes patch directives from a value that replaces or is added whole. */
function stripDirectives(value: JsonObject, meta: StructMeta | undefined): JsonObject {
  return mergeMap({}, Object.fromEntries(Object.entries(value).filter(([k]) => k !== DIRECTIVE)), meta) ?? {};
}
