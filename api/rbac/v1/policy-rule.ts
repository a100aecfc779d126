import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import { Obj, Opt, Str, StrArr } from '../../core/v1/schema-kit.ts';
import { invalid, required } from '../../validation/causes.ts';

/** PolicyRuleSchema is an rbac/v1 PolicyRule: verbs on resources (or non-resource URLs). */
export const PolicyRuleSchema = Obj(
  {
    verbs: StrArr(),
    apiGroups: Opt(StrArr()),
    resources: Opt(StrArr()),
    resourceNames: Opt(StrArr()),
    nonResourceURLs: Opt(StrArr()),
  },
  'io.k8s.api.rbac.v1.PolicyRule',
);
export type PolicyRule = Static<typeof PolicyRuleSchema>;

/** SubjectSchema is an rbac/v1 Subject: a User, Group or ServiceAccount. */
export const SubjectSchema = Obj({ kind: Str(), apiGroup: Opt(Str()), name: Str(), namespace: Opt(Str()) }, 'io.k8s.api.rbac.v1.Subject');
export type Subject = Static<typeof SubjectSchema>;

/** RoleRefSchema is an rbac/v1 RoleRef: the Role or ClusterRole a binding grants. */
export const RoleRefSchema = Obj({ apiGroup: Str(), kind: Str(), name: Str() }, 'io.k8s.api.rbac.v1.RoleRef');
export type RoleRef = Static<typeof RoleRefSchema>;

/** validatePolicyRules checks each rule has verbs and either resources or nonResourceURLs (cluster roles only). */
export function validatePolicyRules(rules: PolicyRule[] | undefined, clusterScoped: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  (rules ?? []).forEach((r, i) => {
    const path = `rules[${i}]`;
    if (!r.verbs || r.verbs.length === 0) causes.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
    if (r.nonResourceURLs?.length) {
      if (!clusterScoped) causes.push(invalid(`${path}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (r.resources?.length || r.apiGroups?.length) causes.push(invalid(`${path}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    } else {
      if (!r.resources?.length) causes.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
      if (r.apiGroups === undefined) causes.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
    }
  });
  return causes;
}

const subjectKinds = ['User', 'Group', 'ServiceAccount'];

/** validateBinding checks a binding's roleRef and subjects. */
export function validateBinding(roleRef: RoleRef | undefined, subjects: Subject[] | undefined, allowedRoleKinds: string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!roleRef) return [required('roleRef')];
  if (roleRef.apiGroup !== 'rbac.authorization.k8s.io') causes.push(invalid('roleRef.apiGroup', roleRef.apiGroup, 'must be rbac.authorization.k8s.io'));
  if (!allowedRoleKinds.includes(roleRef.kind)) causes.push(invalid('roleRef.kind', roleRef.kind, `must be one of ${allowedRoleKinds.join(', ')}`));
  if (!roleRef.name) causes.push(required('roleRef.name'));
  (subjects ?? []).forEach((s, i) => {
    if (!subjectKinds.includes(s.kind)) causes.push(invalid(`subjects[${i}].kind`, s.kind, 'must be User, Group or ServiceAccount'));
    if (!s.name) causes.push(required(`subjects[${i}].name`));
    if (s.kind === 'ServiceAccount' && !s.namespace) causes.push(required(`subjects[${i}].namespace`));
  });
  return causes;
}

/**
 * rbacName is RBAC's name rule: any path segment name (validateObjectMeta always checks that
 * first), so `system:node` and other colon names Kubernetes ships are valid.
 */
export const rbacName = (): string[] => [];
