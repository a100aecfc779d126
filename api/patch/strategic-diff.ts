import { clone, deepEqual, isObject, type JsonObject } from './json.ts';
import { rootStruct, structOf, type FieldMeta, type StructMeta } from './patch-meta.ts';

/** DiffOptions select which part of a difference to keep, as strategicpatch.DiffOptions. */
interface DiffOptions {
  ignoreDeletions?: boolean;
  ignoreChangesAndAdditions?: boolean;
  setElementOrder?: boolean;
}

/** diffMaps returns the strategic patch turning orig into mod (restricted by opts). */
function diffMaps(orig: JsonObject, mod: JsonObject, meta: StructMeta | undefined, opts: DiffOptions, retainKeys = false): JsonObject {
  const patch: JsonObject = {};
  const retain: string[] = [];
  for (const [key, mv] of Object.entries(mod)) {
    if (retainKeys && mv !== null) retain.push(key);
    if (!Object.hasOwn(orig, key)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv);
      continue;
    }
    const ov = orig[key];
    const fm = meta?.[key];
    if (isObject(ov) && isObject(mv)) {
      const sub = diffMaps(ov, mv, structOf(fm), opts, fm?.retainKeys ?? false);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (Array.isArray(ov) && Array.isArray(mv) && fm?.merge) {
      diffList(key, ov, mv, fm, opts, patch);
    } else if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) {
      patch[key] = clone(mv);
    }
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(orig)) if (!Object.hasOwn(mod, key)) patch[key] = null;
  }
  // Kubernetes also sends $retainKeys when the live map holds keys the manifest dropped.
  const extra = Object.entries(orig).some(([k, v]) => v !== null && !Object.hasOwn(mod, k));
  if (retain.length > 0 && (Object.keys(patch).length > 0 || extra)) patch['$retainKeys'] = retain.sort();
  return patch;
}

/** diffList writes the patch of a merge-strategy list into patch[key] and its directives. */
function diffList(key: string, ov: unknown[], mv: unknown[], fm: FieldMeta, opts: DiffOptions, patch: JsonObject): void {
  const keyed = fm.mergeKey !== undefined && [...ov, ...mv].every(isObject);
  if (keyed) {
    const { changes, deletes } = diffKeyedLists(ov as JsonObject[], mv as JsonObject[], fm, opts);
    const list = [...changes, ...deletes];
    if (list.length > 0) patch[key] = list;
    const orderSame = ov.length === mv.length && ov.every((o, i) => deepEqual((o as JsonObject)[fm.mergeKey!], (mv[i] as JsonObject)[fm.mergeKey!]));
    if (opts.setElementOrder && ((!opts.ignoreChangesAndAdditions && (list.length > 0 || !orderSame)) || (!opts.ignoreDeletions && list.length > 0))) {
      patch[`$setElementOrder/${key}`] = mv.map((e) => ({ [fm.mergeKey!]: (e as JsonObject)[fm.mergeKey!] }));
    }
    return;
  }
  const adds = opts.ignoreChangesAndAdditions ? [] : mv.filter((m) => !ov.some((o) => deepEqual(o, m)));
  const dels = opts.ignoreDeletions ? [] : ov.filter((o) => !mv.some((m) => deepEqual(o, m)));
  if (adds.length > 0) patch[key] = adds.map(clone);
  if (dels.length > 0) patch[`$deleteFromPrimitiveList/${key}`] = dels.map(clone);
  if (opts.setElementOrder && ((!opts.ignoreDeletions && dels.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)))) {
    patch[`$setElementOrder/${key}`] = mv.map(clone);
  }
}

function diffKeyedLists(ov: JsonObject[], mv: JsonObject[], fm: FieldMeta, opts: DiffOptions): { changes: JsonObject[]; deletes: JsonObject[] } {
  const mk = fm.mergeKey!;
  const changes: JsonObject[] = [];
  for (const m of mv) {
    const o = ov.find((x) => deepEqual(x[mk], m[mk]));
    if (!o) {
      if (!opts.ignoreChangesAndAdditions) changes.push(clone(m));
      continue;
    }
    const sub = diffMaps(o, m, structOf(fm), opts, fm.retainKeys ?? false);
    if (Object.keys(sub).length > 0) changes.push({ [mk]: m[mk], ...sub });
  }
  const deletes = opts.ignoreDeletions ? [] : ov.filter((o) => !mv.some((m) => deepEqual(o[mk], m[mk]))).map((o) => ({ [mk]: o[mk], $patch: 'delete' }));
  return { changes, deletes };
}

/**
 * combinePatches merges patch b into patch a without applying directives (strategicpatch's
 * mergeMap with MergeParallelList off): keyed list elements with the same key are combined.
 */
function combinePatches(a: JsonObject, b: JsonObject, meta: StructMeta | undefined): JsonObject {
  const out = clone(a);
  for (const [k, bv] of Object.entries(b)) {
    const av = out[k];
    const fm = k.startsWith('$') ? undefined : meta?.[k];
    if (isObject(av) && isObject(bv)) out[k] = combinePatches(av, bv, structOf(fm));
    else if (Array.isArray(av) && Array.isArray(bv) && fm?.merge) out[k] = combineLists(av, bv, fm);
    else out[k] = clone(bv);
  }
  return out;
}

function combineLists(a: unknown[], b: unknown[], fm: FieldMeta): unknown[] {
  const out = a.map(clone);
  const mk = fm.mergeKey;
  for (const e of b) {
    const idx = mk && isObject(e) ? out.findIndex((x) => isObject(x) && deepEqual(x[mk], e[mk])) : out.findIndex((x) => deepEqual(x, e));
    if (idx < 0) out.push(clone(e));
    else if (mk && isObject(e)) out[idx] = combinePatches(out[idx] as JsonObject, e, structOf(fm));
  }
  return out;
}

/**
 * createTwoWayMergePatch returns the strategic merge patch that turns original into modified
 * (what `kubectl edit` and `kubectl patch` compute): keyed lists diffed element by element with
 * `$patch: delete` for removed elements, `$setElementOrder` when order or content changed.
 */
export function createTwoWayMergePatch(kind: string, original: unknown, modified: unknown): JsonObject {
  return diffMaps(isObject(original) ? original : {}, isObject(modified) ? modified : {}, rootStruct(kind), { setElementOrder: true });
}

/**
 * createThreeWayMergePatch computes what client-side `kubectl apply` sends: the additions and
 * changes from current (live) to modified (the new manifest), plus the deletions from
 * lastApplied (the last-applied-configuration annotation) to modified. Fields the manifest never
 * set (controller- or server-set) are kept; fields removed from the manifest are deleted; keyed
 * lists merge by key. An unchanged manifest yields `{}`.
 */
export function createThreeWayMergePatch(kind: string, lastApplied: unknown, modified: unknown, current: unknown): JsonObject {
  const meta = rootStruct(kind);
  const mod = isObject(modified) ? modified : {};
  const delta = diffMaps(isObject(current) ? current : {}, mod, meta, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(isObject(lastApplied) ? lastApplied : {}, mod, meta, { ignoreChangesAndAdditions: true, setElementOrder: true });
  return combinePatches(deletions, delta, meta);
}
