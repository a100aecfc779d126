/** NodeName passes only the node a pod names in spec.nodeName (when it names one). */
import type { Plugin } from '../../framework/types.ts';
import { unresolvable } from '../../framework/types.ts';

/** ErrReasonNodeName is Kubernetes' message for a node other than the requested one. */
export const ErrReasonNodeName = "node(s) didn't match the requested node name";

/** newNodeName builds the NodeName plugin. */
export function newNodeName(): Plugin {
  return {
    name: 'NodeName',
    events: ['NodeAdd'],
    filter(_state, pod, nodeInfo) {
      const want = pod.spec?.nodeName;
      return !want || want === nodeInfo.name ? undefined : unresolvable(ErrReasonNodeName);
    },
  };
}
