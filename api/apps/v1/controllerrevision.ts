import { Type, type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Int, KindSchema, Opt } from '../../core/v1/schema-kit.ts';
import { immutable, nonNegative } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** ControllerRevisionSchema is an apps/v1 ControllerRevision: an immutable snapshot of a workload's template. */
export const ControllerRevisionSchema = KindSchema({ data: Opt(Type.Unknown()), revision: Int() });
export type ControllerRevision = Static<typeof ControllerRevisionSchema>;

function validateControllerRevision(cr: ControllerRevision) {
  return [...validateObjectMeta(cr.metadata, { namespaced: true }), ...nonNegative('revision', cr.revision)];
}

/** controllerRevisionDefinition is the KindDefinition of apps/v1 ControllerRevision. */
export const controllerRevisionDefinition: KindDefinition<ControllerRevision> = {
  info: Resources.controllerrevisions,
  schema: ControllerRevisionSchema,
  applyDefaults() {},
  validate: validateControllerRevision,
  // Only the revision number may change (a rollback re-numbers the revision it reuses).
  validateUpdate: (cr, old) => [
    ...validateControllerRevision(cr),
    ...validateObjectMetaUpdate(cr.metadata, old.metadata),
    ...immutable('data', cr.data, old.data),
  ],
};
