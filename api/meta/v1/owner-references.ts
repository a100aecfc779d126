import type { KubeObject, OwnerReference } from './object-meta.ts';

/** getControllerOf returns the ownerReference with controller: true, if any (metav1.GetControllerOf). */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

/** isControlledBy tells whether owner is obj's controller, matched by uid as Kubernetes does. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && owner.metadata.uid !== undefined && ref.uid === owner.metadata.uid;
}

/**
 * newControllerRef builds the controller ownerReference a controller stamps on what it creates
 * (metav1.NewControllerRef): controller and blockOwnerDeletion both true.
 */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
