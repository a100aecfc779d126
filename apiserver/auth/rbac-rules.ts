import type { ClusterRoleBinding } from '../../api/rbac/v1/clusterrolebinding.ts';
import type { PolicyRule, Subject } from '../../api/rbac/v1/policy-rule.ts';
import type { Attributes } from './attributes.ts';
import { serviceAccountUser, type UserInfo } from './user.ts';

const has = (list: string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));

/** subjectMatches tells whether a binding subject names the user (directly, by group, or as a service account). */
export function subjectMatches(s: Subject, user: UserInfo, bindingNamespace = ''): boolean {
  if (s.kind === 'User') return s.name === user.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return user.name === serviceAccountUser(s.namespace || bindingNamespace, s.name);
  return false;
}

/** bindingApplies tells whether any subject of a (Cluster)RoleBinding names the user. */
export function bindingApplies(b: Pick<ClusterRoleBinding, 'subjects'>, user: UserInfo, bindingNamespace = ''): boolean {
  return (b.subjects ?? []).some((s) => subjectMatches(s, user, bindingNamespace));
}

function resourceMatches(rule: PolicyRule, a: Attributes): boolean {
  const rs = rule.resources ?? [];
  if (rs.includes('*')) return true;
  if (!a.subresource) return rs.includes(a.resource);
  return rs.includes(`${a.resource}/${a.subresource}`) || rs.includes(`*/${a.subresource}`) || rs.includes(`${a.resource}/*`);
}

function nonResourceMatches(urls: string[] | undefined, path: string): boolean {
  return (urls ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

/**
 * ruleAllows applies one PolicyRule to request attributes with RBAC's semantics: `*` matches any
 * verb, group or resource; `res/sub` names a subresource; resourceNames, when set, limit the rule
 * to those objects (so it never covers list or create, which carry no name); non-resource rules
 * match a path exactly or by a trailing `*`.
 */
export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return nonResourceMatches(rule.nonResourceURLs, a.path);
  if (!has(rule.apiGroups, a.apiGroup) || !resourceMatches(rule, a)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}
