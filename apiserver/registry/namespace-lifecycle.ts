import { newForbidden, newNotFound } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { isStorageError } from '../storage/types.ts';
import type { ApiContext, Scope } from './types.ts';

/**
 * checkNamespaceForCreate is the NamespaceLifecycle admission: a namespaced object may be
 * created only in a namespace that exists (404 otherwise) and is not terminating (403).
 */
export async function checkNamespaceForCreate(ctx: ApiContext, scope: Scope, namespace: string | undefined): Promise<void> {
  if (!scope.info.namespaced || !namespace) return;
  let ns: KubeObject & { status?: { phase?: string } };
  try {
    // The watch cache answers the common case without an etcd round trip; a namespace created a
    // moment ago through another API server may not be cached yet, so a miss asks etcd.
    ns = ctx.cachedNamespace?.(namespace) ?? (await ctx.storage.get(`/registry/namespaces/${namespace}`));
  } catch (err) {
    if (isStorageError(err, 'NotFound')) throw newNotFound({ group: '', resource: 'namespaces' }, namespace);
    throw err;
  }
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
    throw newForbidden(scope.gr, '', `unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}
