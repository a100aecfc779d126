import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, KindSchema, Opt } from '../../core/v1/schema-kit.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { rbacName } from './policy-rule.ts';
import { PolicyRuleSchema, validatePolicyRules } from './policy-rule.ts';

/** RoleSchema is an rbac/v1 Role: namespaced policy rules. */
export const RoleSchema = KindSchema({ rules: Opt(Arr(PolicyRuleSchema)) });
export type Role = Static<typeof RoleSchema>;

const validateRole = (r: Role) => [...validateObjectMeta(r.metadata, { namespaced: true, nameValidator: rbacName }), ...validatePolicyRules(r.rules, false)];

/** roleDefinition is the KindDefinition of rbac/v1 Role. */
export const roleDefinition: KindDefinition<Role> = {
  info: Resources.roles,
  schema: RoleSchema,
  applyDefaults() {},
  validate: validateRole,
  validateUpdate: (r, old) => [...validateRole(r), ...validateObjectMetaUpdate(r.metadata, old.metadata)],
};
