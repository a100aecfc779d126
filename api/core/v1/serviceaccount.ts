import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, Bool, KindSchema, Opt } from './schema-kit.ts';
import { ObjectReferenceSchema } from './object-reference.ts';
import { LocalObjectReferenceSchema } from './container.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** ServiceAccountSchema is a core/v1 ServiceAccount. */
export const ServiceAccountSchema = KindSchema({
  secrets: Opt(Arr(ObjectReferenceSchema)),
  imagePullSecrets: Opt(Arr(LocalObjectReferenceSchema)),
  automountServiceAccountToken: Opt(Bool()),
});
export type ServiceAccount = Static<typeof ServiceAccountSchema>;

/** serviceAccountDefinition is the KindDefinition of core/v1 ServiceAccount. */
export const serviceAccountDefinition: KindDefinition<ServiceAccount> = {
  info: Resources.serviceaccounts,
  schema: ServiceAccountSchema,
  applyDefaults() {},
  validate: (sa) => validateObjectMeta(sa.metadata, { namespaced: true }),
  validateUpdate: (sa, old) => [...validateObjectMeta(sa.metadata, { namespaced: true }), ...validateObjectMetaUpdate(sa.metadata, old.metadata)],
};
