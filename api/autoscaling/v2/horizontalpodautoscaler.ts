import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, LabelSelector, Quantity } from '../../meta/v1/object-meta.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str, Time } from '../../core/v1/schema-kit.ts';
import { checkEnum, invalid, nonNegative, required } from '../../validation/causes.ts';
import { isValidPathSegmentName } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** CrossVersionObjectReferenceSchema names the scaled workload (kind, name, apiVersion). */
export const CrossVersionObjectReferenceSchema = Obj({ kind: Str(), name: Str(), apiVersion: Opt(Str()) });
/** MetricTargetSchema is a target value: Utilization, Value or AverageValue. */
export const MetricTargetSchema = Obj({ type: Str(), value: Opt(Quantity), averageValue: Opt(Quantity), averageUtilization: Opt(Int()) });
/** MetricValueStatusSchema is a current metric value. */
export const MetricValueStatusSchema = Obj({ value: Opt(Quantity), averageValue: Opt(Quantity), averageUtilization: Opt(Int()) });
/** MetricIdentifierSchema names a custom or external metric. */
export const MetricIdentifierSchema = Obj({ name: Str(), selector: Opt(LabelSelector) });

/** MetricSpecSchema is one metric the HPA scales on. */
export const MetricSpecSchema = Obj({
  type: Str(),
  object: Opt(Obj({ describedObject: CrossVersionObjectReferenceSchema, target: MetricTargetSchema, metric: MetricIdentifierSchema })),
  pods: Opt(Obj({ metric: MetricIdentifierSchema, target: MetricTargetSchema })),
  resource: Opt(Obj({ name: Str(), target: MetricTargetSchema })),
  containerResource: Opt(Obj({ name: Str(), target: MetricTargetSchema, container: Str() })),
  external: Opt(Obj({ metric: MetricIdentifierSchema, target: MetricTargetSchema })),
});
export type MetricSpec = Static<typeof MetricSpecSchema>;

/** MetricStatusSchema is the last observed value of one metric. */
export const MetricStatusSchema = Obj({
  type: Str(),
  object: Opt(Obj({ metric: MetricIdentifierSchema, current: MetricValueStatusSchema, describedObject: CrossVersionObjectReferenceSchema })),
  pods: Opt(Obj({ metric: MetricIdentifierSchema, current: MetricValueStatusSchema })),
  resource: Opt(Obj({ name: Str(), current: MetricValueStatusSchema })),
  containerResource: Opt(Obj({ name: Str(), current: MetricValueStatusSchema, container: Str() })),
  external: Opt(Obj({ metric: MetricIdentifierSchema, current: MetricValueStatusSchema })),
});

/** HPAScalingRulesSchema limits how fast the HPA scales in one direction. */
export const HPAScalingRulesSchema = Obj({
  stabilizationWindowSeconds: Opt(Int()),
  selectPolicy: Opt(Str()),
  policies: Opt(Arr(Obj({ type: Str(), value: Int(), periodSeconds: Int() }))),
  tolerance: Opt(Quantity),
});
export type HPAScalingRules = Static<typeof HPAScalingRulesSchema>;

/** HorizontalPodAutoscalerSchema is an autoscaling/v2 HorizontalPodAutoscaler. */
export const HorizontalPodAutoscalerSchema = KindSchema({
  spec: Obj({
    scaleTargetRef: CrossVersionObjectReferenceSchema,
    minReplicas: Opt(Int()),
    maxReplicas: Int(),
    metrics: Opt(Arr(MetricSpecSchema)),
    behavior: Opt(Obj({ scaleUp: Opt(HPAScalingRulesSchema), scaleDown: Opt(HPAScalingRulesSchema) })),
  }),
  status: Opt(
    Obj({
      observedGeneration: Opt(Int()),
      lastScaleTime: Opt(Time()),
      currentReplicas: Opt(Int()),
      desiredReplicas: Int(),
      currentMetrics: Opt(Arr(MetricStatusSchema)),
      conditions: Opt(Arr(Condition)),
    }),
  ),
});
export type HorizontalPodAutoscaler = Static<typeof HorizontalPodAutoscalerSchema>;

const metricTypes = ['Object', 'Pods', 'Resource', 'ContainerResource', 'External'] as const;
const metricField: Record<string, keyof MetricSpec> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

function validateMetric(m: MetricSpec, p: string): StatusCause[] {
  const causes = checkEnum(`${p}.type`, m.type, metricTypes, true);
  const field = metricField[m.type];
  if (field && !m[field]) causes.push(required(`${p}.${field}`, `must populate information for the given metric source`));
  const target = (m[field] as { target?: { type?: string; averageUtilization?: number } } | undefined)?.target;
  if (target) {
    causes.push(...checkEnum(`${p}.${field}.target.type`, target.type, ['Utilization', 'Value', 'AverageValue'], true));
    if (target.averageUtilization !== undefined && target.averageUtilization < 1) causes.push(invalid(`${p}.${field}.target.averageUtilization`, target.averageUtilization, 'must be greater than 0'));
  }
  return causes;
}

function validateRules(r: HPAScalingRules | undefined, p: string): StatusCause[] {
  if (!r) return [];
  const causes = [...nonNegative(`${p}.stabilizationWindowSeconds`, r.stabilizationWindowSeconds), ...checkEnum(`${p}.selectPolicy`, r.selectPolicy, ['Max', 'Min', 'Disabled'])];
  (r.policies ?? []).forEach((pol, i) => {
    causes.push(...checkEnum(`${p}.policies[${i}].type`, pol.type, ['Pods', 'Percent'], true));
    if (!(pol.value > 0)) causes.push(invalid(`${p}.policies[${i}].value`, pol.value, 'must be greater than zero'));
    if (!(pol.periodSeconds > 0 && pol.periodSeconds <= 1800)) causes.push(invalid(`${p}.policies[${i}].periodSeconds`, pol.periodSeconds, 'must be greater than zero and less than or equal to 1800'));
  });
  return causes;
}

function validateHPA(hpa: HorizontalPodAutoscaler): StatusCause[] {
  const spec = hpa.spec ?? ({} as HorizontalPodAutoscaler['spec']);
  // HPA names are only required to be path-segment safe in Kubernetes.
  const causes = validateObjectMeta(hpa.metadata, { namespaced: true, nameValidator: isValidPathSegmentName });
  const ref = spec.scaleTargetRef;
  if (!ref?.kind) causes.push(required('spec.scaleTargetRef.kind'));
  if (!ref?.name) causes.push(required('spec.scaleTargetRef.name'));
  const min = spec.minReplicas ?? 1;
  if (min < 1) causes.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (!(spec.maxReplicas >= 1)) causes.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than 0'));
  else if (spec.maxReplicas < min) causes.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  (spec.metrics ?? []).forEach((m, i) => causes.push(...validateMetric(m, `spec.metrics[${i}]`)));
  causes.push(...validateRules(spec.behavior?.scaleUp, 'spec.behavior.scaleUp'), ...validateRules(spec.behavior?.scaleDown, 'spec.behavior.scaleDown'));
  return causes;
}

/** applyHPADefaults: minReplicas 1, CPU 80% when no metrics, and Kubernetes' default behavior rules. */
export function applyHPADefaults(hpa: HorizontalPodAutoscaler): void {
  const spec = hpa.spec;
  if (!spec) return;
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  const b = spec.behavior;
  if (!b) return;
  const up = (b.scaleUp ??= {});
  up.stabilizationWindowSeconds ??= 0;
  up.selectPolicy ||= 'Max';
  up.policies ??= [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }];
  const down = (b.scaleDown ??= {});
  down.selectPolicy ||= 'Max';
  down.policies ??= [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

/** horizontalPodAutoscalerDefinition is the KindDefinition of autoscaling/v2 HorizontalPodAutoscaler. */
export const horizontalPodAutoscalerDefinition: KindDefinition<HorizontalPodAutoscaler> = {
  info: Resources.horizontalpodautoscalers,
  schema: HorizontalPodAutoscalerSchema,
  applyDefaults: applyHPADefaults,
  validate: validateHPA,
  validateUpdate: (h, old) => [...validateHPA(h), ...validateObjectMetaUpdate(h.metadata, old.metadata)],
};
