import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { ApiContext } from '../registry/types.ts';
import { isStorageError } from '../storage/types.ts';
import type { ClusterRole } from '../../api/rbac/v1/clusterrole.ts';
import type { PolicyRule } from '../../api/rbac/v1/policy-rule.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';

/**
 * ensureBootstrapPolicy creates every built-in ClusterRole and ClusterRoleBinding that is
 * missing. Idempotent and safe with several API servers: AlreadyExists means someone else did
 * it. An existing built-in ClusterRole gets the rules a newer Skiff added to it, as Kubernetes
 * reconciles them — unless its `rbac.authorization.kubernetes.io/autoupdate` annotation is
 * "false"; rules an administrator added stay. It writes to storage directly
 * because the built-in names (`system:kube-scheduler`) contain ':', which RBAC allows but the
 * REST layer's generic DNS-subdomain name check does not (yet).
 */
export async function ensureBootstrapPolicy(ctx: ApiContext, log?: Logger): Promise<void> {
  let created = 0;
  let updated = 0;
  const items: [string, KubeObject][] = [
    ...bootstrapClusterRoles.map((r): [string, KubeObject] => ['clusterroles', r]),
    ...bootstrapClusterRoleBindings.map((b): [string, KubeObject] => ['clusterrolebindings', b]),
  ];
  for (const [resource, obj] of items) {
    const o = structuredClone(obj);
    o.metadata = { ...o.metadata, uid: randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    const key = `/registry/${resource}/${o.metadata.name}`;
    try {
      await ctx.storage.create(key, o);
      created++;
    } catch (err) {
      if (!isStorageError(err, 'AlreadyExists')) throw err;
      if (resource === 'clusterroles' && (await addMissingRules(ctx, key, (obj as ClusterRole).rules ?? []))) updated++;
    }
  }
  log?.info({ created, updated }, 'bootstrap RBAC policy ensured');
}

const ruleKey = (r: PolicyRule) => JSON.stringify(r, Object.keys(r).sort());

/** addMissingRules appends the built-in rules an existing ClusterRole lacks; true when it wrote. */
async function addMissingRules(ctx: ApiContext, key: string, rules: PolicyRule[]): Promise<boolean> {
  const missing = (role: ClusterRole) => {
    if (role.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'] === 'false') return [];
    const have = new Set((role.rules ?? []).map(ruleKey));
    return rules.filter((r) => !have.has(ruleKey(r)));
  };
  if (missing(await ctx.storage.get<ClusterRole>(key)).length === 0) return false;
  await ctx.storage.guaranteedUpdate<ClusterRole>(key, (current) => ({ ...current, rules: [...(current.rules ?? []), ...missing(current)] }));
  return true;
}
