import { newBadRequest, newStatus, StatusError } from '../errors.ts';
import type { KubeObject, ManagedFieldsEntry } from '../meta/v1/object-meta.ts';
import type { StatusCause } from '../meta/v1/status.ts';
import { deepEqual, isObject, type JsonObject } from './json.ts';
import { deleteAt, fieldSetOf, fieldsV1Of, fromFieldsV1, pathToString, splitPath, toFieldsV1, valueAt, type FieldSet } from './field-set.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';

/** ApplyOptions are the inputs of one server-side apply (`application/apply-patch+yaml`). */
export interface ApplyOptions {
  /** The live object, or undefined when apply creates it. */
  live: KubeObject | undefined;
  /** The apply configuration sent by the manager. */
  applied: KubeObject;
  /** fieldManager of the request (required). */
  manager: string;
  /** force=true takes conflicting fields over from their owners (`--force-conflicts`). */
  force: boolean;
  kind: string;
  subresource?: string;
  now?: Date;
}

/** ApplyResult is the merged object (managedFields set) and its new managedFields. */
export interface ApplyResult {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
}

/** Owner is one managedFields entry with its parsed field set. */
interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

const timeOf = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

function ownersOf(obj: KubeObject | undefined): Owner[] {
  return (obj?.metadata.managedFields ?? []).map((entry) => ({ entry, set: fromFieldsV1(entry.fieldsV1) }));
}

const sameSlot = (e: ManagedFieldsEntry, manager: string, operation: string, subresource?: string): boolean =>
  e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');

/** conflictsOf lists fields another manager owns with a value different from the applied one. */
function conflictsOf(owners: Owner[], mine: (o: Owner) => boolean, applied: FieldSet, live: KubeObject, config: KubeObject): Array<{ path: string; owner: Owner }> {
  const out: Array<{ path: string; owner: Owner }> = [];
  for (const s of applied) {
    const path = splitPath(s);
    if (path[path.length - 1] === '.') continue;
    for (const o of owners) {
      if (mine(o) || !o.set.has(s)) continue;
      if (!deepEqual(valueAt(live, path), valueAt(config, path))) out.push({ path: s, owner: o });
    }
  }
  return out;
}

function conflictError(conflicts: Array<{ path: string; owner: Owner }>): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    // Worded as kube-apiserver's printManager: subresource, then the version an Update used.
    message: `conflict with "${c.owner.entry.manager}"${c.owner.entry.subresource ? ` with subresource "${c.owner.entry.subresource}"` : ''}${c.owner.entry.operation === 'Update' ? ` using ${c.owner.entry.apiVersion ?? ''}` : ''}`,
    field: pathToString(splitPath(c.path)),
  }));
  const n = conflicts.length;
  const lines = causes.map((c) => `${c.message}: ${c.field}`);
  const message = n === 1 ? `Apply failed with 1 conflict: ${lines[0]}` : `Apply failed with ${n} conflicts: ${lines.join('\n')}`;
  return new StatusError(newStatus(409, 'Conflict', message, { causes }));
}

/** removeDropped deletes fields the manager applied before and omits now, unless someone else owns them. */
function removeDropped(obj: JsonObject, previous: FieldSet, applied: FieldSet, others: Owner[]): void {
  const ownedByOthers = (s: string): boolean => others.some((o) => o.set.has(s) || (s.endsWith('.') && [...o.set].some((x) => x.startsWith(s.slice(0, -1)))));
  // Whole list items first: an item is found by its merge key, which deleting its fields would remove.
  const dropped = [...previous].filter((s) => !applied.has(s) && !ownedByOthers(s)).sort((a, b) => Number(b.endsWith('.')) - Number(a.endsWith('.')));
  for (const s of dropped) deleteAt(obj, splitPath(s));
}

/**
 * serverSideApply merges an apply configuration into the live object the way kube-apiserver's
 * field manager does, simplified: the manager owns exactly the fields of its configuration; a field
 * another manager owns with a different value is a 409 Conflict naming field and owner (unless
 * force, which takes it over); a field this manager applied before and now omits is removed when
 * nobody else owns it; keyed lists merge by key. managedFields come back in Kubernetes' format.
 */
export function serverSideApply(opts: ApplyOptions): ApplyResult {
  if (!opts.manager) throw newBadRequest('PATCH requests of type apply must supply a fieldManager');
  if (!isObject(opts.applied)) throw newBadRequest('apply configuration must be an object');
  const now = opts.now ?? new Date();
  const applied = fieldSetOf(opts.kind, opts.applied as unknown as JsonObject, opts.subresource);
  const owners = ownersOf(opts.live);
  const mine = (o: Owner): boolean => sameSlot(o.entry, opts.manager, 'Apply', opts.subresource);
  let object: JsonObject;
  if (!opts.live) {
    object = structuredClone(opts.applied) as unknown as JsonObject;
  } else {
    const conflicts = conflictsOf(owners, mine, applied, opts.live, opts.applied);
    if (conflicts.length > 0 && !opts.force) throw conflictError(conflicts);
    for (const c of conflicts) c.owner.set.delete(c.path);
    const previous = owners.find(mine)?.set ?? new Set<string>();
    const others = owners.filter((o) => !mine(o));
    const live = structuredClone(opts.live) as unknown as JsonObject;
    removeDropped(live, previous, applied, others);
    object = applyStrategicMergePatch(opts.kind, live, stripMeta(opts.applied)) as JsonObject;
  }
  const apiVersion = opts.applied.apiVersion ?? opts.live?.apiVersion ?? '';
  const entries = owners.filter((o) => !mine(o)).map((o) => withSet(o.entry, o.set));
  entries.push(newEntry(opts.manager, 'Apply', apiVersion, now, toFieldsV1(applied), opts.subresource));
  const managedFields = entries.filter((e) => Object.keys(e.fieldsV1 as JsonObject).length > 0);
  const meta = object.metadata as JsonObject | undefined;
  object.metadata = { ...(meta ?? {}), managedFields };
  return { object: object as unknown as KubeObject, managedFields };
}

/** stripMeta drops client-sent managedFields, which must never overwrite the server's record. */
function stripMeta(obj: KubeObject): JsonObject {
  const copy = structuredClone(obj) as unknown as JsonObject;
  if (isObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

function withSet(entry: ManagedFieldsEntry, set: FieldSet): ManagedFieldsEntry {
  return { ...entry, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(set) };
}

function newEntry(manager: string, operation: string, apiVersion: string, now: Date, fieldsV1: JsonObject, subresource?: string): ManagedFieldsEntry {
  return {
    manager,
    operation,
    apiVersion,
    time: timeOf(now),
    fieldsType: 'FieldsV1',
    fieldsV1,
    ...(subresource ? { subresource } : {}),
  };
}

/** UpdateOptions tune updateManagedFieldsForUpdate. */
export interface UpdateOptions {
  kind: string;
  subresource?: string;
  now?: Date;
}

/**
 * updateManagedFieldsForUpdate records a plain write (create, PUT, non-apply PATCH) by manager, as
 * Kubernetes does with operation Update: the manager takes over every field whose value it set or
 * changed, other managers lose those fields, and fields that disappeared leave every set. On create
 * (old undefined) the manager owns every field. Returns the new managedFields.
 */
export function updateManagedFieldsForUpdate(
  old: KubeObject | undefined,
  updated: KubeObject,
  manager: string,
  operation: 'Update' = 'Update',
  opts: UpdateOptions = { kind: updated.kind ?? '' },
): ManagedFieldsEntry[] {
  const now = opts.now ?? new Date();
  const kind = opts.kind || updated.kind || '';
  if (!old) return createdEntries(kind, updated, manager || 'unknown', operation, now, opts.subresource);
  const after = fieldSetOf(kind, updated as unknown as JsonObject, opts.subresource);
  const before = fieldSetOf(kind, old as unknown as JsonObject, opts.subresource);
  // A list item's own marker (`.`) moves only when the item is new; its fields move when they change.
  const changed = new Set([...after].filter((s) => !before.has(s) || (!s.endsWith('.') && !deepEqual(valueAt(old, splitPath(s)), valueAt(updated, splitPath(s))))));
  const owners = ownersOf(old);
  const slot = (o: Owner): boolean => sameSlot(o.entry, manager || 'unknown', operation, opts.subresource);
  for (const o of owners) {
    for (const s of [...o.set]) {
      const gone = !after.has(s) && isTracked(s, opts.subresource);
      if (gone || (!slot(o) && changed.has(s))) o.set.delete(s);
    }
  }
  const mine = owners.find(slot);
  const mySet = new Set([...(mine?.set ?? []), ...changed]);
  const entries = owners.filter((o) => !slot(o)).map((o) => withSet(o.entry, o.set));
  if (mySet.size > 0 || mine) entries.push(newEntry(manager || 'unknown', operation, updated.apiVersion ?? old.apiVersion ?? '', now, toFieldsV1(mySet), opts.subresource));
  return entries.filter((e) => Object.keys(e.fieldsV1 as JsonObject).length > 0);
}

/** createdEntries is the record of a write with nothing before it: the manager owns every field it set. */
function createdEntries(kind: string, created: KubeObject, manager: string, operation: string, now: Date, subresource?: string): ManagedFieldsEntry[] {
  const fieldsV1 = fieldsV1Of(kind, created as unknown as JsonObject, subresource);
  return Object.keys(fieldsV1).length > 0 ? [newEntry(manager, operation, created.apiVersion ?? '', now, fieldsV1, subresource)] : [];
}

/** isTracked tells whether a path belongs to what this write can see (status only via /status). */
function isTracked(s: string, subresource?: string): boolean {
  const top = splitPath(s)[0];
  return (top === 'f:status') === (subresource === 'status');
}

