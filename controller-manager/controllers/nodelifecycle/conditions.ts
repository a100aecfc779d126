import type { Node } from '../../../api/core/v1/node.ts';

type NodeCondition = NonNullable<NonNullable<Node['status']>['conditions']>[number];

/** readyCondition returns a node's Ready condition. */
export function readyCondition(n: Node): NodeCondition | undefined {
  return n.status?.conditions?.find((c) => c.type === 'Ready');
}

const watched = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * markUnknown sets Ready and the pressure conditions to Unknown, as Kubernetes does for a node
 * whose kubelet stopped posting status; returns whether anything changed.
 */
export function markUnknown(n: Node, nowIso: string): boolean {
  n.status ??= {};
  const conds = (n.status.conditions ??= []);
  let changed = false;
  for (const type of watched) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: nowIso, lastTransitionTime: nowIso } as NodeCondition);
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowIso });
      changed = true;
    }
  }
  return changed;
}
