import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, KindSchema, Obj, Opt, Str } from './schema-kit.ts';
import { ResourceListSchema } from './container.ts';
import { checkEnum, invalid } from '../../validation/causes.ts';
import { quantityValue } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateResourceList } from './resourcequota.ts';

/** LimitRangeItemSchema bounds and defaults resources of one kind of object. */
export const LimitRangeItemSchema = Obj({
  type: Str(),
  max: Opt(ResourceListSchema),
  min: Opt(ResourceListSchema),
  default: Opt(ResourceListSchema),
  defaultRequest: Opt(ResourceListSchema),
  maxLimitRequestRatio: Opt(ResourceListSchema),
});
export type LimitRangeItem = Static<typeof LimitRangeItemSchema>;

/** LimitRangeSchema is a core/v1 LimitRange. */
export const LimitRangeSchema = KindSchema({ spec: Opt(Obj({ limits: Arr(LimitRangeItemSchema) })) });
export type LimitRange = Static<typeof LimitRangeSchema>;

const fields = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

// min <= defaultRequest <= default <= max for every resource named in both.
function validateOrder(item: LimitRangeItem, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const pairs: [keyof LimitRangeItem, keyof LimitRangeItem, string][] = [
    ['min', 'max', 'min value {a} is greater than max value {b}'],
    ['defaultRequest', 'max', 'default request value {a} is greater than max value {b}'],
    ['min', 'defaultRequest', 'min value {a} is greater than default request value {b}'],
    ['default', 'max', 'default value {a} is greater than max value {b}'],
    ['min', 'default', 'min value {a} is greater than default value {b}'],
    ['defaultRequest', 'default', 'default request value {a} is greater than default limit value {b}'],
  ];
  for (const [lo, hi, msg] of pairs) {
    const l = item[lo] as Record<string, string | number> | undefined;
    const h = item[hi] as Record<string, string | number> | undefined;
    for (const [res, a] of Object.entries(l ?? {})) {
      const b = h?.[res];
      if (b === undefined) continue;
      const av = quantityValue(a);
      const bv = quantityValue(b);
      if (av !== undefined && bv !== undefined && av > bv) causes.push(invalid(`${p}.${lo}[${res}]`, String(a), msg.replace('{a}', String(a)).replace('{b}', String(b))));
    }
  }
  return causes;
}

function validateLimitRange(lr: LimitRange): StatusCause[] {
  const causes = validateObjectMeta(lr.metadata, { namespaced: true });
  (lr.spec?.limits ?? []).forEach((item, i) => {
    const p = `spec.limits[${i}]`;
    causes.push(...checkEnum(`${p}.type`, item.type, ['Pod', 'Container', 'PersistentVolumeClaim'], true));
    for (const f of fields) causes.push(...validateResourceList(item[f], `${p}.${f}`));
    causes.push(...validateOrder(item, p));
  });
  return causes;
}

/** limitRangeDefinition is the KindDefinition of core/v1 LimitRange. */
export const limitRangeDefinition: KindDefinition<LimitRange> = {
  info: Resources.limitranges,
  schema: LimitRangeSchema,
  applyDefaults(lr) {
    // Kubernetes: a Container limit with max but no default gets default = max, and defaultRequest = default.
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      if (item.max) item.default = { ...item.max, ...item.default };
      if (item.default) item.defaultRequest = { ...item.default, ...item.defaultRequest };
    }
  },
  validate: validateLimitRange,
  validateUpdate: (lr, old) => [...validateLimitRange(lr), ...validateObjectMetaUpdate(lr.metadata, old.metadata)],
};
