import { Type, type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Bool, KindSchema, Opt, StrMap } from './schema-kit.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateDataMaps, validateImmutableDataUpdate } from './data-validation.ts';

/** ConfigMapSchema is a core/v1 ConfigMap: string data, base64 binaryData, optional immutability. */
export const ConfigMapSchema = KindSchema({
  data: Opt(StrMap()),
  binaryData: Opt(Type.Record(Type.String(), Type.String({ format: 'byte' }))),
  immutable: Opt(Bool()),
});
export type ConfigMap = Static<typeof ConfigMapSchema>;

function validateConfigMap(cm: ConfigMap) {
  const sizeOf = (field: string, v: string) => (field === 'binaryData' ? Buffer.from(v, 'base64').length : Buffer.byteLength(v));
  return [
    ...validateObjectMeta(cm.metadata, { namespaced: true }),
    ...validateDataMaps([['data', cm.data], ['binaryData', cm.binaryData]], sizeOf),
  ];
}

/** configMapDefinition is the KindDefinition of core/v1 ConfigMap. */
export const configMapDefinition: KindDefinition<ConfigMap> = {
  info: Resources.configmaps,
  schema: ConfigMapSchema,
  applyDefaults() {},
  validate: validateConfigMap,
  validateUpdate: (cm, old) => [...validateConfigMap(cm), ...validateObjectMetaUpdate(cm.metadata, old.metadata), ...validateImmutableDataUpdate(cm, old)],
};
