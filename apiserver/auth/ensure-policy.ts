import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { ApiContext } from '../registry/types.ts';
import { isStorageError } from '../storage/types.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';

/**
 * ensureBootstrapPolicy creates every built-in ClusterRole and ClusterRoleBinding that is
 * missing. Idempotent and safe with several API servers: AlreadyExists means someone else did
 * it; existing objects are left as the administrator changed them. It writes to storage directly
 * because the built-in names (`system:kube-scheduler`) contain ':', which RBAC allows but the
 * REST layer's generic DNS-subdomain name check does not (yet).
 */
export async function ensureBootstrapPolicy(ctx: ApiContext, log?: Logger): Promise<void> {
  let created = 0;
  const items: [string, KubeObject][] = [
    ...bootstrapClusterRoles.map((r): [string, KubeObject] => ['clusterroles', r]),
    ...bootstrapClusterRoleBindings.map((b): [string, KubeObject] => ['clusterrolebindings', b]),
  ];
  for (const [resource, obj] of items) {
    const o = structuredClone(obj);
    o.metadata = { ...o.metadata, uid: randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    try {
      await ctx.storage.create(`/registry/${resource}/${o.metadata.name}`, o);
      created++;
    } catch (err) {
      if (!isStorageError(err, 'AlreadyExists')) throw err;
    }
  }
  log?.info({ created }, 'bootstrap RBAC policy ensured');
}
