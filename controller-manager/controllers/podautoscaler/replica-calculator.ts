import type { Pod } from '../../../api/core/v1/pod.ts';
import { quantityMilliValue } from '../../../api/quantity.ts';
import { isPodReady } from '../../util/pod.ts';

/** Tolerance: ratios within 10 % of the target do not scale (Kubernetes' default). */
export const Tolerance = 0.1;

/** PodMetrics is one item of metrics.k8s.io/v1beta1 PodMetricsList. */
export interface PodMetrics {
  metadata: { name?: string; namespace?: string };
  containers: Array<{ name: string; usage: Record<string, string> }>;
}

/**
 * utilizationReplicas computes the desired replicas for a resource Utilization target (the
 * Kubernetes replica calculator, without the missing-pod corrections): usage and requests are
 * summed over ready pods that have metrics; a ratio within the tolerance keeps the count.
 * Returns undefined when no pod has both usage and requests.
 */
export function utilizationReplicas(current: number, targetUtilization: number, resource: string, pods: Pod[], metrics: PodMetrics[]): { replicas: number; utilization: number } | undefined {
  const byName = new Map(metrics.map((m) => [m.metadata.name, m]));
  let usage = 0, requests = 0;
  for (const pod of pods) {
    const m = byName.get(pod.metadata.name);
    if (!m || !isPodReady(pod) || pod.metadata.deletionTimestamp) continue;
    const req = pod.spec.containers.reduce((n, c) => n + (c.resources?.requests?.[resource] !== undefined ? quantityMilliValue(c.resources.requests[resource]) : 0), 0);
    if (req === 0) continue;
    requests += req;
    usage += m.containers.reduce((n, c) => n + (c.usage[resource] !== undefined ? quantityMilliValue(c.usage[resource]) : 0), 0);
  }
  if (requests === 0) return undefined;
  const utilization = Math.round((usage * 100) / requests);
  const ratio = utilization / targetUtilization;
  if (Math.abs(ratio - 1) <= Tolerance) return { replicas: current, utilization };
  return { replicas: Math.ceil(ratio * current), utilization };
}
