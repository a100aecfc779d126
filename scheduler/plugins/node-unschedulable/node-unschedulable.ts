/** NodeUnschedulable filters out cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
import type { Plugin } from '../../framework/types.ts';
import { unresolvable } from '../../framework/types.ts';
import { TaintNodeUnschedulable, tolerationsTolerateTaint } from '../../framework/taints.ts';

/** ErrReasonUnschedulable is Kubernetes' message for a cordoned node. */
export const ErrReasonUnschedulable = 'node(s) were unschedulable';

/** newNodeUnschedulable builds the NodeUnschedulable plugin. */
export function newNodeUnschedulable(): Plugin {
  return {
    name: 'NodeUnschedulable',
    events: ['NodeAdd', 'NodeUpdate'],
    filter(_state, pod, nodeInfo) {
      if (!nodeInfo.node?.spec?.unschedulable) return undefined;
      const tolerated = tolerationsTolerateTaint(pod.spec?.tolerations, { key: TaintNodeUnschedulable, effect: 'NoSchedule' });
      return tolerated ? undefined : unresolvable(ErrReasonUnschedulable);
    },
  };
}
