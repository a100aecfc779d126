import type { ClusterRole } from '../../api/rbac/v1/clusterrole.ts';
import type { ClusterRoleBinding } from '../../api/rbac/v1/clusterrolebinding.ts';
import type { Role } from '../../api/rbac/v1/role.ts';
import type { RoleBinding } from '../../api/rbac/v1/rolebinding.ts';
import type { PolicyRule } from '../../api/rbac/v1/policy-rule.ts';
import type { Attributes } from './attributes.ts';
import { ALLOW, type Authorizer } from './authorizer.ts';
import { bindingApplies, ruleAllows } from './rbac-rules.ts';
import { Groups, type UserInfo } from './user.ts';

/** RbacSnapshot is read access to the current RBAC objects (the RBAC store keeps it up to date). */
export interface RbacSnapshot {
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
  clusterRoleBindings(): Iterable<ClusterRoleBinding>;
  roleBindings(namespace: string): Iterable<RoleBinding>;
}

/**
 * rulesFor collects every rule granted to the user for a namespace ('' = cluster scope only):
 * ClusterRoleBindings everywhere, plus the namespace's RoleBindings (to a Role of that namespace
 * or a ClusterRole). Used by the authorizer and by `auth can-i --list`-style reviews.
 */
export function rulesFor(rbac: RbacSnapshot, user: UserInfo, namespace: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const b of rbac.clusterRoleBindings()) {
    if (b.roleRef.kind === 'ClusterRole' && bindingApplies(b, user)) rules.push(...(rbac.clusterRole(b.roleRef.name)?.rules ?? []));
  }
  if (!namespace) return rules;
  for (const b of rbac.roleBindings(namespace)) {
    if (!bindingApplies(b, user, namespace)) continue;
    const role = b.roleRef.kind === 'Role' ? rbac.role(namespace, b.roleRef.name) : rbac.clusterRole(b.roleRef.name);
    rules.push(...(role?.rules ?? []));
  }
  return rules;
}

/**
 * rbacAuthorizer is --authorization-mode=RBAC: allow when a rule bound to the user covers the
 * request; members of system:masters are always allowed (as kube-apiserver's privileged group);
 * otherwise no opinion, which the union turns into a deny.
 */
export function rbacAuthorizer(rbac: RbacSnapshot): Authorizer {
  return (user, attrs: Attributes) => {
    if (user.groups.includes(Groups.masters)) return ALLOW;
    const ns = attrs.resourceRequest ? attrs.namespace : '';
    const rules = rulesFor(rbac, user, ns);
    if (rules.some((r) => ruleAllows(r, attrs))) return ALLOW;
    return { decision: 'noopinion', reason: `RBAC: no rule allows ${user.name}` };
  };
}
