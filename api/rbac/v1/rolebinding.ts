import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, KindSchema, Opt } from '../../core/v1/schema-kit.ts';
import { immutable } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { rbacName } from './policy-rule.ts';
import { RoleRefSchema, SubjectSchema, validateBinding } from './policy-rule.ts';

/** RoleBindingSchema is an rbac/v1 RoleBinding: grants a Role or ClusterRole within one namespace. */
export const RoleBindingSchema = KindSchema({ subjects: Opt(Arr(SubjectSchema)), roleRef: RoleRefSchema });
export type RoleBinding = Static<typeof RoleBindingSchema>;

const validateRoleBinding = (b: RoleBinding) => [...validateObjectMeta(b.metadata, { namespaced: true, nameValidator: rbacName }), ...validateBinding(b.roleRef, b.subjects, ['Role', 'ClusterRole'])];

/** roleBindingDefinition is the KindDefinition of rbac/v1 RoleBinding (roleRef is immutable). */
export const roleBindingDefinition: KindDefinition<RoleBinding> = {
  info: Resources.rolebindings,
  schema: RoleBindingSchema,
  applyDefaults() {},
  validate: validateRoleBinding,
  validateUpdate: (b, old) => [
    ...validateRoleBinding(b),
    ...validateObjectMetaUpdate(b.metadata, old.metadata),
    ...immutable('roleRef', b.roleRef, old.roleRef),
  ],
};
