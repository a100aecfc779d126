import type { HorizontalPodAutoscaler } from '../../../api/autoscaling/v2/horizontalpodautoscaler.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { Condition, KubeObject, LabelSelector } from '../../../api/meta/v1/object-meta.ts';
import { apiVersionOf } from '../../../api/resource-info.ts';
import { allResources, Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { keyOf, sameResourceVersion, splitKey } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { selectorMatcher } from '../../util/selector.ts';
import { limitRate, longestWindowMs, stabilize, type Behavior, type Recommendation, type ScaleEvent } from './behavior.ts';
import { utilizationReplicas, type PodMetrics } from './replica-calculator.ts';

/** History is what behavior needs of an HPA's past: its recommendations and the scale changes made. */
interface History {
  recommendations: Recommendation[];
  events: ScaleEvent[];
}

/** HPAController is the controller plus its sync for tests. */
export interface HPAController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** SyncPeriodMs is --horizontal-pod-autoscaler-sync-period (15 s). */
export const SyncPeriodMs = 15_000;

type Scalable = KubeObject & { spec?: { replicas?: number; selector?: LabelSelector | Record<string, string> } };
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * newHPAController builds the HorizontalPodAutoscaler controller: every 15 s it keeps the
 * target's replicas within [minReplicas, maxReplicas] and, for Resource Utilization metrics,
 * scales on CPU/memory usage from the metrics.k8s.io API (ScalingActive=False with
 * FailedGetResourceMetric when that API is not served), stabilized and rate-limited by
 * spec.behavior (behavior.ts; by default scale-downs wait out 5 min, scale-ups at most double or add 4).
 */
export function newHPAController(ctx: ControllerContext): HPAController {
  const hpas = ctx.informers.informerFor<HorizontalPodAutoscaler>(Resources.horizontalpodautoscalers);
  const pods = ctx.informers.informerFor<Pod>(Resources.pods);
  const client = ctx.client.resource<HorizontalPodAutoscaler>(Resources.horizontalpodautoscalers);
  const recorder = ctx.recorder('horizontal-pod-autoscaler');
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'horizontalpodautoscaling' });
  const histories = new Map<string, History>();
  hpas.addEventHandler({ add: (h) => queue.add(keyOf(h)), update: (o, h) => void (!sameResourceVersion(o, h) && queue.add(keyOf(h))) });

  const fetchMetrics = async (ns: string): Promise<PodMetrics[]> => {
    const res = await ctx.client.request('GET', `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`);
    return ((res.body as { items?: PodMetrics[] }).items ?? []);
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const cached = hpas.lister.get(namespace, name);
    if (!cached) return void histories.delete(key);
    queue.addAfter(key, SyncPeriodMs);
    const hpa = structuredClone(cached);
    const ref = hpa.spec.scaleTargetRef;
    const info = allResources().find((r) => r.kind === ref.kind && (!ref.apiVersion || apiVersionOf(r) === ref.apiVersion) && r.subresources.includes('scale'));
    const now = ctx.clock.now();
    const conds: Condition[] = [];
    const cond = (type: string, status: string, reason: string, message: string) => conds.push({ type, status, reason, message, lastTransitionTime: iso(now) });
    if (!info) {
      cond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: no scale subresource for ${ref.kind}`);
      return writeStatus(hpa, hpa.status?.currentReplicas ?? 0, hpa.status?.desiredReplicas ?? 0, conds, undefined);
    }
    let target: Scalable;
    try {
      target = await ctx.client.resource<Scalable>(info).get(namespace, ref.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      cond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${(err as Error).message}`);
      return writeStatus(hpa, 0, 0, conds, undefined);
    }
    cond('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
    const current = target.spec?.replicas ?? 1;
    const min = hpa.spec.minReplicas ?? 1, max = hpa.spec.maxReplicas;
    let next = current;
    let currentMetrics: unknown[] | undefined;
    let metricName = 'cpu resource utilization (percentage of request)';
    if (current === 0 && min > 0) {
      // As Kubernetes: a target scaled to zero by hand is left there.
      cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    } else {
      const r = await metricReplicas(hpa, target, current, namespace);
      metricName = r.metricName ?? metricName;
      if (r.error) cond('ScalingActive', 'False', 'FailedGetResourceMetric', r.error);
      else cond('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricName}`);
      currentMetrics = r.metrics;
      if (current < min || current > max) {
        // Out of bounds (the spec changed, or someone scaled by hand): back into them at once.
        next = current < min ? min : max;
        cond('ScalingLimited', 'True', current < min ? 'TooFewReplicas' : 'TooManyReplicas', `the desired replica count is ${current < min ? 'less than the minimum' : 'more than the maximum'} replica count`);
      } else {
        const history = historyOf(key, now, hpa.spec.behavior);
        const recommended = r.replicas ?? current;
        history.recommendations.push({ at: now, replicas: recommended });
        const stabilized = stabilize(history.recommendations, now, recommended, current, hpa.spec.behavior);
        const limited = limitRate(stabilized, current, min, max, history.events, now, hpa.spec.behavior);
        next = limited.replicas;
        cond('ScalingLimited', limited.limited ? 'True' : 'False', limited.reason, limited.message);
      }
    }
    let lastScale = hpa.status?.lastScaleTime;
    if (next !== current) {
      await ctx.client.resource(info).patch(namespace, ref.name, 'merge', { spec: { replicas: next } });
      historyOf(key, now, hpa.spec.behavior).events.push({ at: now, change: next - current });
      recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${next}; reason: ${rescaleReason(current, min, max, next, metricName)}`);
      lastScale = iso(now);
    }
    await writeStatus(hpa, current, next, conds, currentMetrics, lastScale);
  };

  async function metricReplicas(hpa: HorizontalPodAutoscaler, target: Scalable, current: number, ns: string): Promise<{ replicas?: number; error?: string; metrics?: unknown[]; metricName?: string }> {
    const specs = (hpa.spec.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]).filter((m) => m.type === 'Resource' && m.resource?.target.type === 'Utilization');
    if (specs.length === 0) return { error: 'no supported metrics (only Resource Utilization is supported)' };
    let metrics: PodMetrics[];
    try {
      metrics = await fetchMetrics(ns);
    } catch (err) {
      return { error: `the HPA was unable to compute the replica count: unable to get metrics for resource cpu: ${(err as Error).message}` };
    }
    const sel = target.spec?.selector;
    const matches = selectorMatcher(sel && ('matchLabels' in sel || 'matchExpressions' in sel) ? (sel as LabelSelector) : { matchLabels: sel as Record<string, string> });
    const selected = pods.lister.list(ns).filter((p) => matches(p.metadata.labels));
    let best: number | undefined;
    let metricName: string | undefined;
    const out: unknown[] = [];
    for (const m of specs) {
      const r = utilizationReplicas(current, m.resource!.target.averageUtilization ?? 80, m.resource!.name, selected, metrics);
      if (!r) continue;
      if (best === undefined || r.replicas > best) metricName = `${m.resource!.name} resource utilization (percentage of request)`;
      best = Math.max(best ?? 0, r.replicas);
      out.push({ type: 'Resource', resource: { name: m.resource!.name, current: { averageUtilization: r.utilization } } });
    }
    return best === undefined ? { error: 'missing request or metrics for the selected pods' } : { replicas: best, metrics: out, metricName };
  }

  /** historyOf is an HPA's recent recommendations and scale events, older ones than behavior needs dropped. */
  function historyOf(key: string, now: number, behavior: Behavior | undefined): History {
    const h = histories.get(key) ?? { recommendations: [], events: [] };
    const since = now - longestWindowMs(behavior);
    h.recommendations = h.recommendations.filter((r) => r.at > since);
    h.events = h.events.filter((e) => e.at > since);
    histories.set(key, h);
    return h;
  }

  async function writeStatus(hpa: HorizontalPodAutoscaler, current: number, desired: number, conds: Condition[], currentMetrics: unknown[] | undefined, lastScaleTime?: string): Promise<void> {
    const old = hpa.status?.conditions ?? [];
    const conditions = conds.map((c) => {
      const o = old.find((x) => x.type === c.type);
      return o && o.status === c.status ? { ...c, lastTransitionTime: o.lastTransitionTime } : c;
    });
    const status = { ...hpa.status, observedGeneration: hpa.metadata.generation, currentReplicas: current, desiredReplicas: desired, conditions, ...(currentMetrics ? { currentMetrics } : {}), ...(lastScaleTime ? { lastScaleTime } : {}) };
    if (canonical(status) === canonical(hpa.status ?? {})) return;
    // A conflict means our cached copy is behind; the next periodic sync writes again.
    await client.updateStatus({ ...hpa, status } as HorizontalPodAutoscaler).catch((err) => { if (!isNotFound(err) && !isConflict(err)) throw err; });
  }

  return {
    name: 'horizontalpodautoscaling',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [hpas, pods], workers: ctx.options.concurrentSyncs.horizontalpodautoscaling ?? 5, signal, logger }),
  };
}

/** rescaleReason words a SuccessfulRescale event as Kubernetes' HPA controller does. */
function rescaleReason(current: number, min: number, max: number, next: number, metricName: string): string {
  if (current < min) return 'Current number of replicas below Spec.MinReplicas';
  if (current > max) return 'Current number of replicas above Spec.MaxReplicas';
  return next > current ? `${metricName} above target` : 'All metrics below target';
}
