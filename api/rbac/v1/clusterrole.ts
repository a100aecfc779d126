import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, KindSchema, Obj, Opt } from '../../core/v1/schema-kit.ts';
import { LabelSelector } from '../../meta/v1/object-meta.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { rbacName } from './policy-rule.ts';
import { PolicyRuleSchema, validatePolicyRules } from './policy-rule.ts';

/** ClusterRoleSchema is an rbac/v1 ClusterRole: cluster-wide rules (aggregationRule is stored, not acted on). */
export const ClusterRoleSchema = KindSchema({
  rules: Opt(Arr(PolicyRuleSchema)),
  aggregationRule: Opt(Obj({ clusterRoleSelectors: Opt(Arr(LabelSelector)) })),
});
export type ClusterRole = Static<typeof ClusterRoleSchema>;

const validateClusterRole = (r: ClusterRole) => [...validateObjectMeta(r.metadata, { namespaced: false, nameValidator: rbacName }), ...validatePolicyRules(r.rules, true)];

/** clusterRoleDefinition is the KindDefinition of rbac/v1 ClusterRole. */
export const clusterRoleDefinition: KindDefinition<ClusterRole> = {
  info: Resources.clusterroles,
  schema: ClusterRoleSchema,
  applyDefaults() {},
  validate: validateClusterRole,
  validateUpdate: (r, old) => [...validateClusterRole(r), ...validateObjectMetaUpdate(r.metadata, old.metadata)],
};
