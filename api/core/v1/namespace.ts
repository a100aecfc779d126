import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition } from '../../meta/v1/object-meta.ts';
import { Arr, KindSchema, Obj, Opt, Str, StrArr } from './schema-kit.ts';
import { checkEnum } from '../../validation/causes.ts';
import { isDNS1123Label } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** NamespaceSchema is a core/v1 Namespace; spec.finalizers hold deletion until content is gone. */
export const NamespaceSchema = KindSchema({
  spec: Opt(Obj({ finalizers: Opt(StrArr()) })),
  status: Opt(Obj({ phase: Opt(Str()), conditions: Opt(Arr(Condition)) })),
});
export type Namespace = Static<typeof NamespaceSchema>;

function validateNamespace(ns: Namespace) {
  return [
    ...validateObjectMeta(ns.metadata, { namespaced: false, nameIsDNSLabel: true }),
    ...checkEnum('status.phase', ns.status?.phase, ['Active', 'Terminating']),
  ];
}

/** namespaceDefinition is the KindDefinition of core/v1 Namespace. */
export const namespaceDefinition: KindDefinition<Namespace> = {
  info: Resources.namespaces,
  schema: NamespaceSchema,
  applyDefaults(ns) {
    ns.spec ??= {};
    ns.spec.finalizers ??= ['kubernetes'];
    ns.status ??= {};
    ns.status.phase ||= 'Active';
    // Kubernetes labels every namespace with its own name.
    if (ns.metadata.name && isDNS1123Label(ns.metadata.name).length === 0) ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': ns.metadata.name };
  },
  validate: validateNamespace,
  validateUpdate: (ns, old) => [...validateNamespace(ns), ...validateObjectMetaUpdate(ns.metadata, old.metadata)],
  selectableFields: (ns) => ({ 'status.phase': ns.status?.phase ?? '' }),
};
