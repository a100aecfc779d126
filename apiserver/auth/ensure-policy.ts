import { isAlreadyExists } from '../../api/errors.ts';
import type { Logger } from '../../component-base/logger.ts';
import { createObject } from '../registry/create.ts';
import type { ApiContext } from '../registry/types.ts';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.ts';

const opts = () => ({ dryRun: false, fieldValidation: 'Ignore' as const, warnings: [] as string[] });

/**
 * ensureBootstrapPolicy creates every built-in ClusterRole and ClusterRoleBinding that is
 * missing. Idempotent and safe with several API servers: AlreadyExists means someone else did
 * it; existing objects are left as the administrator changed them.
 */
export async function ensureBootstrapPolicy(ctx: ApiContext, log?: Logger): Promise<void> {
  const roles = ctx.scopeFor('rbac.authorization.k8s.io', 'clusterroles');
  const bindings = ctx.scopeFor('rbac.authorization.k8s.io', 'clusterrolebindings');
  if (!roles || !bindings) throw new Error('RBAC resources are not served (api/resources.ts lacks clusterroles/clusterrolebindings)');
  let created = 0;
  for (const [scope, objs] of [[roles, bootstrapClusterRoles], [bindings, bootstrapClusterRoleBindings]] as const) {
    for (const obj of objs) {
      try {
        await createObject(ctx, scope, undefined, structuredClone(obj), opts());
        created++;
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  }
  log?.info({ created }, 'bootstrap RBAC policy ensured');
}
