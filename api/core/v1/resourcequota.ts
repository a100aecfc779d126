import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, KindSchema, Obj, Opt, Str, StrArr } from './schema-kit.ts';
import { ResourceListSchema, type ResourceList } from './container.ts';
import { checkEnum, invalid } from '../../validation/causes.ts';
import { isQualifiedName } from '../../validation/labels.ts';
import { validateQuantity } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** ResourceQuotaSchema is a core/v1 ResourceQuota: hard limits per namespace and observed usage. */
export const ResourceQuotaSchema = KindSchema({
  spec: Opt(
    Obj({
      hard: Opt(ResourceListSchema),
      scopes: Opt(StrArr()),
      scopeSelector: Opt(Obj({ matchExpressions: Opt(Arr(Obj({ scopeName: Str(), operator: Str(), values: Opt(StrArr()) }))) })),
    }),
  ),
  status: Opt(Obj({ hard: Opt(ResourceListSchema), used: Opt(ResourceListSchema) })),
});
export type ResourceQuota = Static<typeof ResourceQuotaSchema>;

const scopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];

/** validateResourceList checks resource names are qualified names and quantities are valid. */
export function validateResourceList(list: ResourceList | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [name, q] of Object.entries(list ?? {})) {
    for (const m of isQualifiedName(name)) causes.push(invalid(`${path}[${name}]`, name, m));
    causes.push(...validateQuantity(`${path}[${name}]`, q));
  }
  return causes;
}

function validateQuota(rq: ResourceQuota): StatusCause[] {
  const causes = [...validateObjectMeta(rq.metadata, { namespaced: true }), ...validateResourceList(rq.spec?.hard, 'spec.hard')];
  (rq.spec?.scopes ?? []).forEach((s, i) => causes.push(...checkEnum(`spec.scopes[${i}]`, s, scopes)));
  (rq.spec?.scopeSelector?.matchExpressions ?? []).forEach((e, i) => {
    causes.push(...checkEnum(`spec.scopeSelector.matchExpressions[${i}].scopeName`, e.scopeName, scopes, true));
    causes.push(...checkEnum(`spec.scopeSelector.matchExpressions[${i}].operator`, e.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist'], true));
  });
  causes.push(...validateResourceList(rq.status?.hard, 'status.hard'), ...validateResourceList(rq.status?.used, 'status.used'));
  return causes;
}

/** resourceQuotaDefinition is the KindDefinition of core/v1 ResourceQuota. */
export const resourceQuotaDefinition: KindDefinition<ResourceQuota> = {
  info: Resources.resourcequotas,
  schema: ResourceQuotaSchema,
  applyDefaults() {},
  validate: validateQuota,
  validateUpdate: (rq, old) => [...validateQuota(rq), ...validateObjectMetaUpdate(rq.metadata, old.metadata)],
};
