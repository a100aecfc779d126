/**
 * The kubelet's Summary API (`GET /stats/summary`): the CPU and memory subset of Kubernetes'
 * k8s.io/kubelet/pkg/apis/stats/v1alpha1, field names as Kubernetes'. Times are RFC 3339 to the
 * second, as metav1.Time marshals.
 */

/** Summary is the whole answer: the node and the pods this kubelet runs. */
export interface Summary {
  node: NodeStats;
  pods: PodStats[];
}

/** CPUStats is a CPU reading: the rate and the cumulative time. */
export interface CPUStats {
  /** time is when the sample was taken. */
  time: string;
  /** usageNanoCores is the rate over the sampling window (1e9 = one core busy). */
  usageNanoCores: number;
  /** usageCoreNanoSeconds is the cumulative CPU time of all cores. */
  usageCoreNanoSeconds: number;
}

/** MemoryStats is a memory reading in bytes (availableBytes only for the node). */
export interface MemoryStats {
  time: string;
  availableBytes?: number;
  /** usageBytes includes page cache. */
  usageBytes: number;
  /** workingSetBytes leaves out inactive file cache: what `kubectl top` and the HPA show. */
  workingSetBytes: number;
}

/** NodeStats is the whole machine, from /proc. */
export interface NodeStats {
  nodeName: string;
  /** startTime is the machine's boot time. */
  startTime?: string;
  cpu: CPUStats;
  memory: MemoryStats;
}

/** PodReference names a pod. */
export interface PodReference {
  name: string;
  namespace: string;
  uid: string;
}

/** PodStats sums the pod's running app containers. */
export interface PodStats {
  podRef: PodReference;
  /** startTime is when the pod's sandbox was created. */
  startTime: string;
  cpu: CPUStats;
  memory: MemoryStats;
  containers: PodContainerStats[];
}

/** PodContainerStats is one running app container. */
export interface PodContainerStats {
  name: string;
  /** startTime is when the container was created (as Kubernetes' CRI stats report it). */
  startTime: string;
  cpu: CPUStats;
  memory: MemoryStats;
}

/** rfc3339 formats a time as metav1.Time does (whole seconds, UTC). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}
