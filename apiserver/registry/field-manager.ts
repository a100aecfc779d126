import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ManagedFieldsEntry } from '../../api/meta/v1/object-meta.ts';
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

/** withoutManagedFields is the object with its managedFields dropped, for content comparisons. */
function withoutManagedFields(o: KubeObject): unknown {
  return JSON.parse(JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } }));
}

/**
 * recordUpdate sets next's managedFields for a plain write (create, PUT, merge/strategic/json PATCH,
 * subresource writes) by manager with operation Update, as Kubernetes' field manager does. A write
 * that changes no content keeps the current record, so a no-op stays a no-op; client-sent
 * managedFields never overwrite the server's record.
 */
export function recordUpdate(scope: Scope, next: KubeObject, current: KubeObject | undefined, manager: string, subresource?: string): void {
  if (current && isDeepStrictEqual(withoutManagedFields(next), withoutManagedFields(current))) {
    setManaged(next, current.metadata.managedFields);
    return;
  }
  const apiVersion = next.apiVersion || apiVersionOfScope(scope);
  const entries = updateManagedFieldsForUpdate(current, { ...next, apiVersion }, manager, 'Update', { kind: scope.info.kind, subresource });
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
