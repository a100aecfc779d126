import type { KubeObject, ManagedFieldsEntry } from '../../api/meta/v1/object-meta.ts';
import { deepEqual, type JsonObject } from '../../api/patch/json.ts';
import { updateManagedFieldsForUpdate } from '../../api/patch/server-side-apply.ts';
import type { Scope } from './types.ts';

/**
 * managerFromUserAgent is kube-apiserver's default fieldManager for non-apply writes: the User-Agent
 * up to its first '/' (kubectl's "kubectl/v1.32.0 (linux/amd64) …" → "kubectl"), at most 128 bytes.
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0].trim();
  return prefix.slice(0, 128) || 'unknown';
}

const SKIPPED_META = new Set(['managedFields', 'resourceVersion']);

/** sameContent compares two objects ignoring managedFields and resourceVersion (without copying them: this runs on every write). */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const ka = Object.keys(a).filter((k) => (a as unknown as JsonObject)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as unknown as JsonObject)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (k === 'metadata') continue;
    if (!deepEqual((a as unknown as JsonObject)[k], (b as unknown as JsonObject)[k])) return false;
  }
  const ma = a.metadata as JsonObject;
  const mb = b.metadata as JsonObject;
  const mk = (m: JsonObject) => Object.keys(m).filter((k) => !SKIPPED_META.has(k) && m[k] !== undefined);
  const keys = mk(ma);
  return keys.length === mk(mb).length && keys.every((k) => deepEqual(ma[k], mb[k]));
}

/**
 * baseManagedFields is the record a write starts from, as kube-apiserver's decodeLiveOrNew: the
 * request's own managedFields when it sends a non-empty list (kubectl migrating client-side apply
 * ownership to server-side apply does this), none for the reset value `[{}]`, else the live
 * object's. Subresource writes never set managedFields.
 */
function baseManagedFields(next: KubeObject, current: KubeObject | undefined, subresource?: string): ManagedFieldsEntry[] | undefined {
  const live = current?.metadata.managedFields;
  const sent = next.metadata.managedFields;
  if (subresource || !Array.isArray(sent) || sent.length === 0) return live;
  if (sent.length === 1 && Object.keys(sent[0] ?? {}).length === 0) return [];
  return sent.every((e) => e && typeof e === 'object' && typeof e.manager === 'string' && e.fieldsV1 !== undefined) ? sent : live;
}

/**
 * recordUpdate sets next's managedFields for a plain write (create, PUT, merge/strategic/json PATCH,
 * subresource writes) by manager with operation Update, as Kubernetes' field manager does. A write
 * that changes no content keeps the record it starts from (so a no-op stays a no-op, and a
 * request that only rewrites managedFields is stored).
 */
export function recordUpdate(scope: Scope, next: KubeObject, current: KubeObject | undefined, manager: string, subresource?: string): void {
  const base = baseManagedFields(next, current, subresource);
  if (current && sameContent(next, current)) {
    setManaged(next, base);
    return;
  }
  const apiVersion = next.apiVersion || apiVersionOfScope(scope);
  const old = current ? { ...current, metadata: { ...current.metadata, managedFields: base } } : base?.length ? ({ metadata: { managedFields: base } } as KubeObject) : undefined;
  const entries = updateManagedFieldsForUpdate(old, { ...next, apiVersion }, manager, 'Update', { kind: scope.info.kind, subresource });
  setManaged(next, entries);
}

function apiVersionOfScope(scope: Scope): string {
  return scope.info.group ? `${scope.info.group}/${scope.info.version}` : scope.info.version;
}

function setManaged(obj: KubeObject, entries: ManagedFieldsEntry[] | undefined): void {
  if (entries && entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

/** comparableManagedFields is managedFields without timestamps, in a stable order (ownership only). */
export function comparableManagedFields(entries: ManagedFieldsEntry[] | undefined): unknown[] {
  const key = (e: ManagedFieldsEntry) => `${e.manager}\u0000${e.operation}\u0000${e.subresource ?? ''}`;
  return [...(entries ?? [])].sort((a, b) => key(a).localeCompare(key(b))).map(({ time: _t, ...rest }) => rest);
}
