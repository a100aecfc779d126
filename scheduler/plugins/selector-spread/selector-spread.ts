/**
 * SelectorSpread spreads the replicas of one owner (the pod's controller ownerReference, e.g.
 * a ReplicaSet) across nodes and zones: fewer siblings on a node, higher score (Kubernetes'
 * SelectorSpread / default topology spreading, by owner instead of Service selectors).
 */
import type { Pod } from '../../api-types.ts';
import type { Handle, Plugin } from '../../framework/types.ts';
import { MaxNodeScore } from '../../framework/types.ts';
import type { NodeInfo } from '../../framework/node-info.ts';

/** ZoneLabel is the well-known zone label. */
export const ZoneLabel = 'topology.kubernetes.io/zone';
const zoneWeighting = 2 / 3;
const stateKey = 'SelectorSpread/owner';

/** controllerUid returns the uid of a pod's controller ownerReference. */
export function controllerUid(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

function siblingsOn(ni: NodeInfo, ns: string | undefined, uid: string): number {
  let n = 0;
  for (const pi of ni.pods.values()) {
    if (pi.pod.metadata.namespace === ns && !pi.pod.metadata.deletionTimestamp && controllerUid(pi.pod) === uid) n++;
  }
  return n;
}

/** newSelectorSpread builds the SelectorSpread plugin. */
export function newSelectorSpread(_handle: Handle): Plugin {
  return {
    name: 'SelectorSpread',
    events: [],
    preScore(state, pod) {
      const uid = controllerUid(pod);
      if (!uid) return false;
      state.set(stateKey, uid);
      return true;
    },
    score(state, pod, ni) {
      return siblingsOn(ni, pod.metadata.namespace, state.get(stateKey) as string);
    },
    normalizeScore(_state, _pod, nodes, scores) {
      const byZone = new Map<string, number>();
      let maxNode = 0;
      nodes.forEach((ni, i) => {
        maxNode = Math.max(maxNode, scores[i]);
        const zone = ni.node?.metadata.labels?.[ZoneLabel];
        if (zone) byZone.set(zone, (byZone.get(zone) ?? 0) + scores[i]);
      });
      const maxZone = Math.max(0, ...byZone.values());
      nodes.forEach((ni, i) => {
        let s = maxNode > 0 ? (MaxNodeScore * (maxNode - scores[i])) / maxNode : MaxNodeScore;
        const zone = ni.node?.metadata.labels?.[ZoneLabel];
        if (byZone.size > 0 && zone) {
          const z = maxZone > 0 ? (MaxNodeScore * (maxZone - (byZone.get(zone) ?? 0))) / maxZone : MaxNodeScore;
          s = s * (1 - zoneWeighting) + zoneWeighting * z;
        }
        scores[i] = Math.floor(s);
      });
    },
  };
}
