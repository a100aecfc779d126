/**
 * NodeReady keeps pods off nodes whose Ready condition is not True. In Kubernetes the node
 * lifecycle controller turns that condition into the `node.kubernetes.io/not-ready` (False) or
 * `unreachable` (Unknown) NoSchedule taint and TaintToleration does the rest; this plugin applies
 * the same implied taint before (or without) the controller, with the same message, so pods that
 * tolerate it (DaemonSet pods) still schedule.
 */
import type { Node, Taint } from '../../api-types.ts';
import type { Plugin } from '../../framework/types.ts';
import { unresolvable } from '../../framework/types.ts';
import { TaintNodeNotReady, TaintNodeUnreachable, taintMessage, tolerationsTolerateTaint } from '../../framework/taints.ts';

/** impliedReadinessTaint returns the taint a node's Ready condition implies, if any. */
export function impliedReadinessTaint(node: Node): Taint | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  const key = ready?.status === 'False' ? TaintNodeNotReady : TaintNodeUnreachable;
  // A node without a Ready condition yet (just registered) is not ready either.
  return { key: ready ? key : TaintNodeNotReady, effect: 'NoSchedule' };
}

/** newNodeReady builds the NodeReady plugin. */
export function newNodeReady(): Plugin {
  return {
    name: 'NodeReady',
    events: ['NodeAdd', 'NodeUpdate'],
    filter(_state, pod, nodeInfo) {
      if (!nodeInfo.node) return undefined;
      const taint = impliedReadinessTaint(nodeInfo.node);
      if (!taint || tolerationsTolerateTaint(pod.spec?.tolerations, taint)) return undefined;
      return unresolvable(taintMessage(taint));
    },
  };
}
