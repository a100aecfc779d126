import { describe, expect, it } from 'vitest';
import type { ClusterRole } from '../../api/rbac/v1/clusterrole.ts';
import type { ApiContext } from '../registry/types.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { bootstrapClusterRoles } from './bootstrap-policy.ts';
import { ensureBootstrapPolicy } from './ensure-policy.ts';

const KEY = '/registry/clusterroles/system:kube-proxy';
const builtIn = bootstrapClusterRoles.find((r) => r.metadata.name === 'system:kube-proxy')!;

async function withStoredRole(mutate: (r: ClusterRole) => ClusterRole): Promise<{ ctx: ApiContext; get: () => Promise<ClusterRole> }> {
  const storage = createMemoryStorage();
  await storage.create(KEY, mutate(structuredClone(builtIn)));
  return { ctx: { storage } as unknown as ApiContext, get: () => storage.get<ClusterRole>(KEY) };
}

describe('ensureBootstrapPolicy', () => {
  it('creates what is missing and adds the rules a newer version brought to a built-in role, keeping an administrator’s', async () => {
    const extra = { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] };
    const { ctx, get } = await withStoredRole((r) => ({ ...r, rules: [...(r.rules ?? []).slice(0, 1), extra] }));
    await ensureBootstrapPolicy(ctx);
    const rules = (await get()).rules ?? [];
    expect(rules).toContainEqual(extra);
    for (const r of builtIn.rules ?? []) expect(rules).toContainEqual(r);
    expect(rules).toHaveLength((builtIn.rules ?? []).length + 1);
    const before = (await get()).metadata.resourceVersion;
    await ensureBootstrapPolicy(ctx);
    expect((await get()).metadata.resourceVersion).toBe(before);
    expect(await ctx.storage.get('/registry/clusterroles/cluster-admin')).toBeDefined();
  });

  it('leaves a built-in role alone when its autoupdate annotation is "false"', async () => {
    const { ctx, get } = await withStoredRole((r) => ({
      ...r,
      metadata: { ...r.metadata, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } },
      rules: [],
    }));
    await ensureBootstrapPolicy(ctx);
    expect((await get()).rules).toEqual([]);
  });
});
