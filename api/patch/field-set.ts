import { isObject, type JsonObject } from './json.ts';
import { rootStruct, structOf, type StructMeta } from './patch-meta.ts';

/**
 * Field sets as server-side apply tracks them: each owned field is a path of FieldsV1 elements
 * (`f:spec`, `k:{"name":"web"}` for keyed list items, `v:"x"` for set members, `.` for a list item
 * itself), stored joined so sets are plain Set<string>.
 */
export type FieldPath = string[];
/** FieldSet is a set of joined FieldPaths. */
export type FieldSet = Set<string>;

const SEP = '\u0000';
/** Top-level and metadata fields the server owns: never tracked, never conflicting. */
const untrackedTop = new Set(['apiVersion', 'kind']);
const untrackedMeta = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'generateName']);

/** joinPath / splitPath convert between a FieldPath and its Set key. */
export const joinPath = (p: FieldPath): string => p.join(SEP);
export const splitPath = (s: string): FieldPath => s.split(SEP);

/** FieldSink receives each owned field's path as the walk finds it. */
type FieldSink = (path: FieldPath) => void;

/**
 * fieldSetOf lists every field an object sets, keyed lists by merge key as Kubernetes'
 * managedFields do. `status` is tracked only for the status subresource, and the main resource
 * never tracks status (the strategies reset it anyway).
 */
export function fieldSetOf(kind: string, obj: JsonObject, subresource?: string): FieldSet {
  const out: FieldSet = new Set();
  walkObject(kind, obj, subresource, (p) => out.add(joinPath(p)));
  return out;
}

/**
 * fieldsV1Of is toFieldsV1(fieldSetOf(…)) built in one walk, without joining, sorting and
 * splitting path strings: a create's managedFields, on the API server's hottest write path.
 */
export function fieldsV1Of(kind: string, obj: JsonObject, subresource?: string): JsonObject {
  const root: JsonObject = {};
  walkObject(kind, obj, subresource, (p) => {
    let node = root;
    for (const el of p) node = (node[el] ??= {}) as JsonObject;
  });
  return sortedTree(root);
}

/** sortedTree copies a FieldsV1 tree with every level's keys in toFieldsV1's (sorted) order. */
function sortedTree(tree: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(tree).sort()) out[k] = sortedTree(tree[k] as JsonObject);
  return out;
}

function walkObject(kind: string, obj: JsonObject, subresource: string | undefined, sink: FieldSink): void {
  const meta = rootStruct(kind);
  for (const [k, v] of Object.entries(obj)) {
    if (untrackedTop.has(k) || v === undefined) continue;
    if ((k === 'status') !== (subresource === 'status')) continue;
    if (k === 'metadata' && isObject(v)) {
      const m = Object.fromEntries(Object.entries(v).filter(([mk]) => !untrackedMeta.has(mk)));
      if (Object.keys(m).length > 0) walk(m, structOf(meta.metadata), ['f:metadata'], sink);
      continue;
    }
    walkValue(v, meta, k, [], sink);
  }
}

function walk(obj: JsonObject, meta: StructMeta | undefined, prefix: FieldPath, sink: FieldSink): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || k.startsWith('$')) continue;
    walkValue(v, meta, k, prefix, sink);
  }
}

function walkValue(v: unknown, meta: StructMeta | undefined, k: string, prefix: FieldPath, sink: FieldSink): void {
  const p = [...prefix, `f:${k}`];
  const fm = meta?.[k];
  if (isObject(v) && Object.keys(v).length > 0) {
    walk(v, structOf(fm), p, sink);
  } else if (Array.isArray(v) && fm?.merge && fm.mergeKey && v.every(isObject)) {
    for (const item of v as JsonObject[]) {
      const kp = [...p, itemKey(fm.mergeKey, item)];
      sink([...kp, '.']);
      walk(item, structOf(fm), kp, sink);
    }
  } else if (Array.isArray(v) && fm?.merge && !fm.mergeKey) {
    for (const item of v) sink([...p, `v:${JSON.stringify(item)}`]);
  } else {
    sink(p);
  }
}

/** itemKey is the FieldsV1 element of a keyed list item, e.g. `k:{"name":"web"}`. */
export function itemKey(mergeKey: string, item: JsonObject): string {
  return `k:${JSON.stringify({ [mergeKey]: item[mergeKey] })}`;
}

/** childOf steps one FieldsV1 element down from a value; undefined when absent. */
function childOf(value: unknown, el: string): unknown {
  if (el.startsWith('f:')) return isObject(value) ? value[el.slice(2)] : undefined;
  if (!Array.isArray(value)) return undefined;
  if (el.startsWith('k:')) {
    const key = JSON.parse(el.slice(2)) as JsonObject;
    const [k, want] = Object.entries(key)[0] ?? [];
    return value.find((x) => isObject(x) && k !== undefined && JSON.stringify(x[k]) === JSON.stringify(want));
  }
  if (el.startsWith('v:')) {
    const want = el.slice(2);
    return value.find((x) => JSON.stringify(x) === want);
  }
  return undefined;
}

/** valueAt reads the value a FieldPath names (undefined if absent). */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let cur: unknown = obj;
  for (const el of path) {
    if (el === '.') return cur;
    cur = childOf(cur, el);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** deleteAt removes the field, list item or set member a FieldPath names, in place. */
export function deleteAt(obj: JsonObject, path: FieldPath): void {
  const p = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const parentPath = p.slice(0, -1);
  const last = p[p.length - 1];
  if (last === undefined) return;
  const holder = parentPath.length === 0 ? obj : valueAt(obj, parentPath);
  if (last.startsWith('f:')) {
    if (isObject(holder)) delete holder[last.slice(2)];
    return;
  }
  // A list item or set member: remove it from the list held by the parent field.
  const grand = parentPath.length === 1 ? obj : valueAt(obj, parentPath.slice(0, -1));
  const field = parentPath[parentPath.length - 1]?.slice(2);
  if (!isObject(grand) || field === undefined || !Array.isArray(grand[field])) return;
  const target = childOf(grand[field], last);
  grand[field] = (grand[field] as unknown[]).filter((x) => x !== target);
}

/** toFieldsV1 renders a field set as the nested FieldsV1 object stored in managedFields. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const s of [...set].sort()) {
    let node = root;
    for (const el of splitPath(s)) {
      if (!isObject(node[el])) node[el] = {};
      node = node[el] as JsonObject;
    }
  }
  return root;
}

/** fromFieldsV1 parses a FieldsV1 object back into a field set. */
export function fromFieldsV1(tree: unknown, prefix: FieldPath = [], out: FieldSet = new Set()): FieldSet {
  if (!isObject(tree)) return out;
  for (const [el, child] of Object.entries(tree)) {
    const p = [...prefix, el];
    if (el === '.' || !isObject(child) || Object.keys(child).length === 0) out.add(joinPath(p));
    else fromFieldsV1(child, p, out);
  }
  return out;
}

/** pathToString prints a FieldPath as Kubernetes does in conflict messages: `.spec.containers[name="web"].image`. */
export function pathToString(path: FieldPath): string {
  return path
    .filter((el) => el !== '.')
    .map((el) => {
      if (el.startsWith('f:')) return `.${el.slice(2)}`;
      if (el.startsWith('k:')) {
        const key = JSON.parse(el.slice(2)) as JsonObject;
        return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      }
      if (el.startsWith('v:')) return `[=${el.slice(2)}]`;
      return el;
    })
    .join('');
}
