/**
 * NodeMetrics and PodMetrics (metrics.k8s.io/v1beta1) built from kubelet Summaries, as
 * metrics-server builds them: CPU in nanocores, memory as the working set; an object whose
 * readings are incomplete is left out rather than reported as zero.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { CpuStats, MemoryStats, PodSummary, Summary } from './summary.ts';

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

/** WINDOW is the sampling window the kubelet's readings cover (Docker's two samples a second apart). */
const WINDOW = '1s';

/** Usage is a metrics object's cpu and memory quantities. */
export interface Usage {
  cpu: string;
  memory: string;
}

/** NodeMetrics is one node's usage. */
export interface NodeMetrics extends KubeObject {
  timestamp: string;
  window: string;
  usage: Usage;
}

/** PodMetrics is the usage of one pod's containers. */
export interface PodMetrics extends KubeObject {
  timestamp: string;
  window: string;
  containers: Array<{ name: string; usage: Usage }>;
}

/** cpuQuantity formats nanocores as a Kubernetes quantity ("12345n"). */
export function cpuQuantity(nanoCores: number): string {
  return `${Math.max(0, Math.round(nanoCores))}n`;
}

/** memoryQuantity formats bytes as a binary quantity ("2048Ki", or plain bytes when not whole Ki). */
export function memoryQuantity(bytes: number): string {
  const b = Math.max(0, Math.round(bytes));
  return b % 1024 === 0 && b > 0 ? `${b / 1024}Ki` : String(b);
}

function usageOf(cpu: CpuStats | undefined, memory: MemoryStats | undefined): Usage | undefined {
  if (cpu?.usageNanoCores === undefined || memory?.workingSetBytes === undefined) return undefined;
  return { cpu: cpuQuantity(cpu.usageNanoCores), memory: memoryQuantity(memory.workingSetBytes) };
}

/** nodeMetrics converts a node's Summary; undefined when the kubelet reported no CPU or memory reading. */
export function nodeMetrics(node: KubeObject, summary: Summary, now: Date): NodeMetrics | undefined {
  const usage = usageOf(summary.node.cpu, summary.node.memory);
  if (!usage) return undefined;
  return {
    apiVersion: METRICS_API_VERSION,
    kind: 'NodeMetrics',
    metadata: { name: node.metadata.name, creationTimestamp: now.toISOString(), ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: summary.node.cpu?.time ?? now.toISOString(),
    window: WINDOW,
    usage,
  };
}

/** podMetrics converts a pod's Summary entry; undefined when a container lacks a reading or none runs. */
export function podMetrics(pod: KubeObject, entry: PodSummary, now: Date): PodMetrics | undefined {
  const containers: PodMetrics['containers'] = [];
  let timestamp: string | undefined;
  for (const c of entry.containers ?? []) {
    const usage = usageOf(c.cpu, c.memory);
    if (!usage) return undefined;
    containers.push({ name: c.name, usage });
    timestamp ??= c.cpu?.time;
  }
  if (containers.length === 0) return undefined;
  return {
    apiVersion: METRICS_API_VERSION,
    kind: 'PodMetrics',
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: now.toISOString(), ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}) },
    timestamp: timestamp ?? now.toISOString(),
    window: WINDOW,
    containers,
  };
}
