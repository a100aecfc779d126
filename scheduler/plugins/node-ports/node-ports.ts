/** NodePorts filters out nodes where a host port the pod asks for is already taken. */
import type { Plugin } from '../../framework/types.ts';
import { unschedulable } from '../../framework/types.ts';
import type { HostPort } from '../../framework/pod-info.ts';
import { incomingPodInfo } from '../../framework/pod-info.ts';

/** ErrReason is Kubernetes' message for a host port conflict. */
export const ErrReason = "node(s) didn't have free ports for the requested pod ports";

/** portsConflict reports whether two host ports collide (0.0.0.0 collides with any address). */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === b.hostIP || a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0';
}

/** newNodePorts builds the NodePorts plugin. */
export function newNodePorts(): Plugin {
  return {
    name: 'NodePorts',
    events: ['NodeAdd', 'AssignedPodDelete'],
    filter(state, pod, nodeInfo) {
      const wanted = incomingPodInfo(state, pod).hostPorts;
      for (const w of wanted) {
        if (nodeInfo.usedPorts.some((u) => portsConflict(u, w))) return unschedulable(ErrReason);
      }
      return undefined;
    },
  };
}
