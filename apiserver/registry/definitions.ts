import { Type } from '@sinclair/typebox';
import type { KindDefinition, ResourceInfo } from '../../api/resource-info.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';

/** DefinitionLookup finds the KindDefinition of a resource (undefined: serve it generically). */
export type DefinitionLookup = (info: ResourceInfo) => KindDefinition | undefined;

/**
 * genericDefinition serves a kind that has no definition of its own yet: any shape is accepted,
 * only its metadata is validated.
 */
export function genericDefinition(info: ResourceInfo): KindDefinition {
  const def: KindDefinition = {
    info,
    schema: Type.Object({}, { additionalProperties: true }),
    applyDefaults: () => undefined,
    validate: (obj: KubeObject) => validateObjectMeta(obj.metadata, { namespaced: info.namespaced }),
    validateUpdate: (obj: KubeObject, old: KubeObject) => [
      ...validateObjectMeta(obj.metadata, { namespaced: info.namespaced }),
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ],
  };
  generic.add(def);
  return def;
}

const generic = new WeakSet<KindDefinition>();

/** isGenericDefinition tells whether def is a stand-in from genericDefinition. */
export function isGenericDefinition(def: KindDefinition): boolean {
  return generic.has(def);
}
