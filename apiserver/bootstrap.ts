import { isAlreadyExists, isInvalid } from '../api/errors.ts';
import { intToIp } from './allocators/ip-range.ts';
import { createObject } from './registry/create.ts';
import { getObject } from './registry/read.ts';
import type { ApiContext } from './registry/types.ts';

/** SYSTEM_NAMESPACES exist in every cluster from the start. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const opts = () => ({ dryRun: false, fieldValidation: 'Ignore' as const, warnings: [] as string[] });

/**
 * ensureSystemObjects creates the system namespaces and the `kubernetes` Service (first IP of the
 * service range) when missing. Idempotent and safe with several API servers starting at once:
 * whoever loses a race sees AlreadyExists and moves on.
 */
export async function ensureSystemObjects(ctx: ApiContext, securePort: number): Promise<void> {
  const nsScope = ctx.scopeFor('', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await createObject(ctx, nsScope, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, opts());
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
  const svcScope = ctx.scopeFor('', 'services')!;
  const exists = await getObject(ctx, svcScope, 'default', 'kubernetes').then(() => true, () => false);
  if (exists) return;
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: intToIp(ctx.allocators.ipRange.base + 1), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: securePort }], sessionAffinity: 'None' },
  };
  try {
    await createObject(ctx, svcScope, 'default', service, opts());
  } catch (err) {
    // Another API server won the race for the object or its IP.
    if (!isAlreadyExists(err) && !isInvalid(err)) throw err;
  }
}
