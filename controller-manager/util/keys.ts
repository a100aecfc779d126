import type { KubeObject, OwnerReference } from '../../api/meta/v1/object-meta.ts';
import type { DeletedFinalStateUnknown } from '../../client/types.ts';

/** keyOf returns the work-queue key of an object: `namespace/name`, or `name` when cluster-scoped. */
export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata.name ?? '');
}

/** splitKey splits a `namespace/name` key; cluster-scoped keys give namespace ''. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** unwrapTombstone returns the object of a delete notification, tombstone or not. */
export function unwrapTombstone<T>(obj: T | DeletedFinalStateUnknown<T>): T {
  const t = obj as DeletedFinalStateUnknown<T>;
  return t && t.tombstone === true ? t.obj : (obj as T);
}

/** getControllerOf returns the ownerReference with controller=true, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** newControllerRef builds the controller ownerReference pointing at owner. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** sameResourceVersion tells whether an update is a periodic resync (design §3.2: skip those). */
export function sameResourceVersion(a: KubeObject, b: KubeObject): boolean {
  return a.metadata.resourceVersion !== undefined && a.metadata.resourceVersion === b.metadata.resourceVersion;
}
