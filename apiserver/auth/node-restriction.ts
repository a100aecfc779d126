import { newForbidden, type StatusError } from '../../api/errors.ts';
import type { Attributes } from './attributes.ts';
import { nodeNameOf, type UserInfo } from './user.ts';

/**
 * nodeRestriction is the part of the NodeRestriction admission plugin that needs the request
 * body: a kubelet may create only its own Node and its own Lease (the authorizer cannot see the
 * name of an object being created), and may not set labels under node-restriction.kubernetes.io/.
 * Returns the 403 to answer, or undefined to let the request through.
 */
export function nodeRestriction(user: UserInfo, a: Attributes, body: unknown): StatusError | undefined {
  const node = nodeNameOf(user);
  if (!node || !a.resourceRequest || (a.verb !== 'create' && a.verb !== 'update')) return undefined;
  const isNode = a.apiGroup === '' && a.resource === 'nodes' && a.subresource === '';
  const isLease = a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases';
  if (!isNode && !isLease) return undefined;
  const meta = (body as { metadata?: { name?: string; labels?: Record<string, string> } } | undefined)?.metadata;
  const name = meta?.name ?? a.name;
  const gr = { group: a.apiGroup, resource: a.resource };
  if (name !== node) return newForbidden(gr, name ?? '', `node "${node}" is not allowed to modify ${a.resource} "${name ?? ''}"`);
  if (isNode && Object.keys(meta?.labels ?? {}).some((k) => k.startsWith('node-restriction.kubernetes.io/'))) {
    return newForbidden(gr, name, `node "${node}" is not allowed to set labels with the node-restriction.kubernetes.io/ prefix`);
  }
  return undefined;
}

/** BoundPodRef is the boundObjectRef of a TokenRequest. */
export interface BoundPodRef {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

/**
 * nodeTokenRestriction is NodeRestriction for serviceaccounts/token: a kubelet may only ask for
 * tokens bound (by name and uid) to a pod scheduled on it, so a node cannot mint free-standing
 * tokens for a service account one of its pods happens to use. pod is the bound pod as stored
 * (undefined when missing). Returns the 403 to answer, or undefined.
 */
export function nodeTokenRestriction(user: UserInfo, serviceAccount: string, ref: BoundPodRef | undefined, pod: { uid?: string; nodeName?: string } | undefined): StatusError | undefined {
  const node = nodeNameOf(user);
  if (!node) return undefined;
  const refuse = (why: string) => newForbidden({ group: '', resource: 'serviceaccounts' }, serviceAccount, why);
  if (!ref?.name || ref.kind !== 'Pod' || (ref.apiVersion ?? 'v1') !== 'v1') return refuse('node requested token not bound to a pod');
  if (!ref.uid) return refuse('node requested token with a pod binding without a uid');
  if (!pod) return undefined; // the caller answers 404 for a missing pod
  if (pod.uid !== ref.uid) return refuse(`the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  if (pod.nodeName !== node) return refuse('node requested token bound to a pod scheduled on a different node');
  return undefined;
}
