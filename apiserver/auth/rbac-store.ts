import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ClusterRole } from '../../api/rbac/v1/clusterrole.ts';
import type { ClusterRoleBinding } from '../../api/rbac/v1/clusterrolebinding.ts';
import type { Role } from '../../api/rbac/v1/role.ts';
import type { RoleBinding } from '../../api/rbac/v1/rolebinding.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { WatchSource } from '../registry/types.ts';
import type { Storage } from '../storage/types.ts';
import type { RbacSnapshot } from './rbac-authorizer.ts';

/** RbacStore is an RbacSnapshot kept current by a list+watch of the four RBAC resources. */
export interface RbacStore extends RbacSnapshot {
  /** synced resolves once every resource has been listed. */
  synced(): Promise<void>;
  stop(): void;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * mirror keeps a Map of the objects under a storage prefix: list, then watch from the list's
 * revision; on any watch failure (compaction, restart) it relists after a short pause.
 */
function mirror<T extends KubeObject>(storage: Storage, source: WatchSource, prefix: string, signal: AbortSignal, log?: Logger): { items: Map<string, T>; synced: Promise<void> } {
  const items = new Map<string, T>();
  let markSynced: () => void = () => {};
  const synced = new Promise<void>((r) => (markSynced = r));
  (async () => {
    while (!signal.aborted) {
      try {
        const list = await storage.list<T>(prefix);
        items.clear();
        for (const o of list.items) items.set(keyOf(o), o);
        markSynced();
        for await (const ev of source.watch(prefix, Number(list.resourceVersion), signal)) {
          if (ev.type === 'BOOKMARK') continue;
          if (ev.type === 'DELETED') items.delete(keyOf(ev.object));
          else items.set(keyOf(ev.object), ev.object as T);
        }
      } catch (err) {
        if (signal.aborted) return;
        log?.warn({ err, prefix }, 'RBAC watch failed, relisting');
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return { items, synced };
}

/** createRbacStore starts mirroring roles, clusterroles, rolebindings and clusterrolebindings. */
export function createRbacStore(storage: Storage, source: WatchSource, log?: Logger): RbacStore {
  const ac = new AbortController();
  const roles = mirror<Role>(storage, source, '/registry/roles/', ac.signal, log);
  const clusterRoles = mirror<ClusterRole>(storage, source, '/registry/clusterroles/', ac.signal, log);
  const bindings = mirror<RoleBinding>(storage, source, '/registry/rolebindings/', ac.signal, log);
  const clusterBindings = mirror<ClusterRoleBinding>(storage, source, '/registry/clusterrolebindings/', ac.signal, log);
  return {
    clusterRole: (name) => clusterRoles.items.get(`/${name}`),
    role: (ns, name) => roles.items.get(`${ns}/${name}`),
    clusterRoleBindings: () => clusterBindings.items.values(),
    *roleBindings(ns) {
      for (const b of bindings.items.values()) if (b.metadata.namespace === ns) yield b;
    },
    synced: async () => {
      await Promise.all([roles.synced, clusterRoles.synced, bindings.synced, clusterBindings.synced]);
    },
    stop: () => ac.abort(),
  };
}

/** staticRbac is an RbacSnapshot over fixed objects (unit tests, SubjectAccessReview fakes). */
export function staticRbac(objs: { roles?: Role[]; clusterRoles?: ClusterRole[]; roleBindings?: RoleBinding[]; clusterRoleBindings?: ClusterRoleBinding[] }): RbacSnapshot {
  return {
    clusterRole: (name) => objs.clusterRoles?.find((r) => r.metadata.name === name),
    role: (ns, name) => objs.roles?.find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    clusterRoleBindings: () => objs.clusterRoleBindings ?? [],
    roleBindings: (ns) => (objs.roleBindings ?? []).filter((b) => b.metadata.namespace === ns),
  };
}
