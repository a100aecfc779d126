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
