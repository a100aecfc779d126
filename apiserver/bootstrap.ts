import { isAlreadyExists, isConflict, isInvalid, isNotFound } from '../api/errors.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { intToIp } from '../component-base/ipv4-range.ts';
import { networkInterfaces } from 'node:os';
import { createObject } from './registry/create.ts';
import { updateObject } from './registry/update.ts';
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

/** defaultAdvertiseAddress picks the address other hosts reach this server at: the bind address, or the first external IPv4. */
export function defaultAdvertiseAddress(bindAddress: string): string {
  if (bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::') return bindAddress;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

type EndpointsLike = KubeObject & { subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number; protocol?: string }[] }[] };

/**
 * ensureKubernetesEndpoints lists this API server in the `kubernetes` Endpoints (default
 * namespace), so in-cluster clients reach it through the `kubernetes` Service. Each server adds
 * itself and leaves the others' addresses alone.
 */
export async function ensureKubernetesEndpoints(ctx: ApiContext, ip: string, port: number): Promise<void> {
  const scope = ctx.scopeFor('', 'endpoints')!;
  const ports = [{ name: 'https', port, protocol: 'TCP' }];
  const add = (cur: EndpointsLike): EndpointsLike => {
    const addresses = cur.subsets?.[0]?.addresses ?? [];
    if (addresses.some((a) => a.ip === ip)) return cur;
    return { ...cur, subsets: [{ addresses: [...addresses, { ip }], ports }] };
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await updateObject(ctx, scope, 'default', 'kubernetes', (cur) => add(cur as EndpointsLike), opts());
      return;
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
    try {
      await createObject(ctx, scope, 'default', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes' }, subsets: [{ addresses: [{ ip }], ports }] }, opts());
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
