import { type Static } from '@sinclair/typebox';
import type { KubeObject } from '../../meta/v1/object-meta.ts';
import type { KindDefinition, ResourceInfo } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Int, KindSchema, Obj, Opt, Time } from '../../core/v1/schema-kit.ts';
import {
  CrossVersionObjectReferenceSchema,
  horizontalPodAutoscalerDefinition,
  type HorizontalPodAutoscaler,
  type MetricSpec,
} from '../v2/horizontalpodautoscaler.ts';

/** HorizontalPodAutoscalerV1Schema is an autoscaling/v1 HorizontalPodAutoscaler (CPU utilization only). */
export const HorizontalPodAutoscalerV1Schema = KindSchema({
  spec: Obj({
    scaleTargetRef: CrossVersionObjectReferenceSchema,
    minReplicas: Opt(Int()),
    maxReplicas: Int(),
    targetCPUUtilizationPercentage: Opt(Int()),
  }),
  status: Opt(
    Obj({
      observedGeneration: Opt(Int()),
      lastScaleTime: Opt(Time()),
      currentReplicas: Int(),
      desiredReplicas: Int(),
      currentCPUUtilizationPercentage: Opt(Int()),
    }),
  ),
});
export type HorizontalPodAutoscalerV1 = Static<typeof HorizontalPodAutoscalerV1Schema>;

/** horizontalPodAutoscalerV1Info is the REST info of autoscaling/v1 horizontalpodautoscalers, served beside (and stored as) v2. */
export const horizontalPodAutoscalerV1Info: ResourceInfo = { ...Resources.horizontalpodautoscalers, version: 'v1' };

/** horizontalPodAutoscalerV1Definition describes the v1 form for discovery and OpenAPI; validation runs on the converted v2 object. */
export const horizontalPodAutoscalerV1Definition: KindDefinition = {
  ...(horizontalPodAutoscalerDefinition as unknown as KindDefinition),
  info: horizontalPodAutoscalerV1Info,
  schema: HorizontalPodAutoscalerV1Schema,
};

/**
 * The annotations Kubernetes uses to round-trip what v1 cannot express (kept as v2 JSON here):
 * metrics other than CPU utilization, their current values, conditions and behavior.
 */
export const MetricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
export const CurrentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const ConditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
export const BehaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';

type V2 = HorizontalPodAutoscaler;
type Json = Record<string, unknown>;
const isCpuUtilization = (m: MetricSpec): boolean => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.type === 'Utilization';

function withAnnotations(meta: KubeObject['metadata'], add: Record<string, unknown>): KubeObject['metadata'] {
  const annotations = { ...(meta?.annotations ?? {}) };
  for (const [k, v] of Object.entries(add)) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) annotations[k] = JSON.stringify(v);
  return { ...meta, ...(Object.keys(annotations).length ? { annotations } : {}) };
}

/** hpaV2ToV1 converts a stored autoscaling/v2 HPA to its autoscaling/v1 form, as Kubernetes' conversion does. */
export function hpaV2ToV1(hpa: KubeObject): KubeObject {
  const h = hpa as V2;
  const out: Json = { ...h, apiVersion: 'autoscaling/v1' };
  const metrics = h.spec?.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (h.spec) {
    const { metrics: _m, behavior, ...rest } = h.spec;
    out.spec = { ...rest, ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource!.target.averageUtilization } : {}) };
    out.metadata = withAnnotations(h.metadata, { [MetricsAnnotation]: others, [BehaviorAnnotation]: behavior });
  }
  if (h.status) {
    const { currentMetrics, conditions, ...rest } = h.status;
    const current = currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    out.status = { ...rest, currentReplicas: rest.currentReplicas ?? 0, ...(current?.resource?.current.averageUtilization !== undefined ? { currentCPUUtilizationPercentage: current.resource.current.averageUtilization } : {}) };
    out.metadata = withAnnotations(out.metadata as KubeObject['metadata'], { [CurrentMetricsAnnotation]: currentMetrics?.filter((m) => m !== current), [ConditionsAnnotation]: conditions });
  }
  return out as unknown as KubeObject;
}

function takeAnnotation(annotations: Record<string, string>, key: string): unknown {
  const raw = annotations[key];
  delete annotations[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined; // a hand-edited annotation that is not JSON carries nothing over
  }
}

/**
 * hpaV1ToV2 converts an autoscaling/v1 HPA (or a partial apply configuration) to autoscaling/v2:
 * targetCPUUtilizationPercentage becomes a Resource cpu Utilization metric, the round-trip
 * annotations come back as fields, and only what the input has is set.
 */
export function hpaV1ToV2(obj: unknown): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return obj;
  const h = obj as HorizontalPodAutoscalerV1 & Json;
  const out: Json = { ...h, apiVersion: 'autoscaling/v2' };
  const annotations = { ...(h.metadata?.annotations ?? {}) };
  const extra = { metrics: takeAnnotation(annotations, MetricsAnnotation), behavior: takeAnnotation(annotations, BehaviorAnnotation), current: takeAnnotation(annotations, CurrentMetricsAnnotation), conditions: takeAnnotation(annotations, ConditionsAnnotation) };
  if (h.metadata) {
    const { annotations: _a, ...meta } = h.metadata;
    out.metadata = Object.keys(annotations).length ? { ...meta, annotations } : meta;
  }
  if (h.spec) {
    const { targetCPUUtilizationPercentage: cpu, ...rest } = h.spec;
    const metrics: MetricSpec[] = [];
    if (cpu !== undefined && cpu !== null) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
    if (Array.isArray(extra.metrics)) metrics.push(...(extra.metrics as MetricSpec[]));
    out.spec = { ...rest, ...(metrics.length ? { metrics } : {}), ...(extra.behavior ? { behavior: extra.behavior } : {}) };
  }
  if (h.status) {
    const { currentCPUUtilizationPercentage: cpu, ...rest } = h.status;
    const current: unknown[] = cpu !== undefined && cpu !== null ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }] : [];
    if (Array.isArray(extra.current)) current.push(...extra.current);
    out.status = { ...rest, ...(current.length ? { currentMetrics: current } : {}), ...(Array.isArray(extra.conditions) ? { conditions: extra.conditions } : {}) };
  }
  return out;
}
