/**
 * FitError and its message: the Kubernetes summary of why no node fits a pod, e.g.
 * `0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient memory.`
 */
import type { Status } from './types.ts';

/** ErrNoNodesAvailable is Kubernetes' message when the cluster has no nodes at all. */
export const ErrNoNodesAvailable = 'no nodes available to schedule pods';

/** Diagnosis records why each node was rejected. */
export interface Diagnosis {
  nodeToStatus: Map<string, Status>;
  /** unschedulablePlugins are the plugins that rejected the pod somewhere. */
  unschedulablePlugins: Set<string>;
  /** preFilterMsg is set when a preFilter rejected the pod for every node. */
  preFilterMsg?: string;
}

/** fitErrorMessage renders Kubernetes' FitError.Error(): reason histogram sorted as strings. */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) return `${msg} ${d.preFilterMsg}.`;
  const histogram = new Map<string, number>();
  for (const status of d.nodeToStatus.values()) {
    for (const r of status.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  }
  // Go's sort.Strings: plain code-unit order of "<count> <reason>", count included.
  const parts = [...histogram].map(([reason, n]) => `${n} ${reason}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  return msg;
}

/** FitError is thrown when no node passes the filters; its message is the event/condition text. */
export class FitError extends Error {
  numAllNodes: number;
  diagnosis: Diagnosis;

  constructor(numAllNodes: number, diagnosis: Diagnosis) {
    super(fitErrorMessage(numAllNodes, diagnosis));
    this.name = 'FitError';
    this.numAllNodes = numAllNodes;
    this.diagnosis = diagnosis;
  }
}
