import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, KindSchema, Opt } from '../../core/v1/schema-kit.ts';
import { immutable } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { rbacName } from './policy-rule.ts';
import { RoleRefSchema, SubjectSchema, validateBinding } from './policy-rule.ts';

/** ClusterRoleBindingSchema is an rbac/v1 ClusterRoleBinding: grants a ClusterRole cluster-wide. */
export const ClusterRoleBindingSchema = KindSchema({ subjects: Opt(Arr(SubjectSchema)), roleRef: RoleRefSchema });
export type ClusterRoleBinding = Static<typeof ClusterRoleBindingSchema>;

const validateCrb = (b: ClusterRoleBinding) => [...validateObjectMeta(b.metadata, { namespaced: false, nameValidator: rbacName }), ...validateBinding(b.roleRef, b.subjects, ['ClusterRole'])];

/** clusterRoleBindingDefinition is the KindDefinition of rbac/v1 ClusterRoleBinding (roleRef is immutable). */
export const clusterRoleBindingDefinition: KindDefinition<ClusterRoleBinding> = {
  info: Resources.clusterrolebindings,
  schema: ClusterRoleBindingSchema,
  applyDefaults() {},
  validate: validateCrb,
  validateUpdate: (b, old) => [
    ...validateCrb(b),
    ...validateObjectMetaUpdate(b.metadata, old.metadata),
    ...immutable('roleRef', b.roleRef, old.roleRef),
  ],
};
