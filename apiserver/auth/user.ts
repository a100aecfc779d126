/**
 * user.ts: who a request is from, as Kubernetes' user.Info — the name, uid and groups every
 * authenticator produces and every authorizer decides on.
 */

/** UserInfo is an authenticated identity. */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Well-known user and group names, as Kubernetes spells them. */
export const Groups = {
  authenticated: 'system:authenticated',
  unauthenticated: 'system:unauthenticated',
  masters: 'system:masters',
  nodes: 'system:nodes',
  bootstrappers: 'system:bootstrappers',
  serviceAccounts: 'system:serviceaccounts',
} as const;

/** ANONYMOUS is the identity of a request without credentials. */
export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: [Groups.unauthenticated] };

/** withAuthenticatedGroup adds system:authenticated, as every authenticator's result gets. */
export function withAuthenticatedGroup(u: UserInfo): UserInfo {
  return u.groups.includes(Groups.authenticated) ? u : { ...u, groups: [...u.groups, Groups.authenticated] };
}

/** nodeNameOf returns <name> for a kubelet identity system:node:<name> in group system:nodes, else undefined. */
export function nodeNameOf(u: UserInfo): string | undefined {
  if (!u.groups.includes(Groups.nodes) || !u.name.startsWith('system:node:')) return undefined;
  const name = u.name.slice('system:node:'.length);
  return name || undefined;
}

/** serviceAccountUser is the user name of a service account: system:serviceaccount:<ns>:<name>. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}
