/**
 * The part of the kubelet's Summary API (`GET /stats/summary`, Kubernetes'
 * stats/v1alpha1) the metrics API reads, and how it is fetched from one kubelet.
 */
import { HEADERS_TIMEOUT_MS, textOf, type Dialer } from '../kubelet-proxy/dialer.ts';

/** CpuStats is a CPU reading: usage over the sampling window and the cumulative total. */
export interface CpuStats {
  time: string;
  usageNanoCores?: number;
  usageCoreNanoSeconds?: number;
}

/** MemoryStats is a memory reading; workingSetBytes is what Kubernetes reports as usage. */
export interface MemoryStats {
  time: string;
  availableBytes?: number;
  usageBytes?: number;
  workingSetBytes?: number;
}

/** ContainerSummary is one running container's usage. */
export interface ContainerSummary {
  name: string;
  startTime?: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
}

/** PodSummary is one pod's usage on its node. */
export interface PodSummary {
  podRef: { name: string; namespace: string; uid: string };
  startTime?: string;
  cpu?: CpuStats;
  memory?: MemoryStats;
  containers?: ContainerSummary[];
}

/** Summary is what one kubelet answers. */
export interface Summary {
  node: { nodeName: string; startTime?: string; cpu?: CpuStats; memory?: MemoryStats };
  pods?: PodSummary[];
}

/**
 * fetchSummary GETs /stats/summary from the kubelet at host:port; rejects with a message naming
 * the kubelet when it cannot be reached, answers non-200 or with something that is not a Summary.
 */
export async function fetchSummary(dialer: Dialer, host: string, port: number): Promise<Summary> {
  // The kubelet samples for about a second; the whole answer gets the same bound as a log's headers.
  const signal = AbortSignal.timeout(HEADERS_TIMEOUT_MS);
  const where = `kubelet ${host}:${port}`;
  let text: string;
  try {
    const res = await dialer.get(host, port, '/stats/summary', signal);
    text = await textOf(res);
    if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}: ${text.trim().slice(0, 200)}`);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
  let summary: Summary;
  try {
    summary = JSON.parse(text) as Summary;
  } catch {
    throw new Error(`${where}: /stats/summary is not JSON`);
  }
  if (!summary || typeof summary !== 'object' || typeof summary.node?.nodeName !== 'string') throw new Error(`${where}: /stats/summary has no node`);
  return summary;
}
