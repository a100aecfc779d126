/**
 * SelectorSpread spreads the replicas of one owner (the pod's controller ownerReference, e.g.
 * a ReplicaSet) across nodes and zones: fewer siblings on a node, higher score (Kubernetes'
 * SelectorSpread / default topology spreading, by owner instead of Service selectors).
 */
import type { Handle, Plugin } from '../../framework/types.ts';
import { MaxNodeScore } from '../../framework/types.ts';
import { ownerKeyOf } from '../../framework/pod-info.ts';

/** ZoneLabel is the well-known zone label. */
export const ZoneLabel = 'topology.kubernetes.io/zone';
const zoneWeighting = 2 / 3;
const stateKey = 'SelectorSpread/owner';

/** newSelectorSpread builds the SelectorSpread plugin. */
export function newSelectorSpread(_handle: Handle): Plugin {
  return {
    name: 'SelectorSpread',
    events: [],
    preScore(state, pod) {
      const owner = ownerKeyOf(pod);
      if (!owner) return false;
      state.set(stateKey, owner);
      return true;
    },
    score(state, _pod, ni) {
      // NodeInfo keeps live sibling counts per owner, so this is O(1) per node.
      return ni.ownerCounts.get(state.get(stateKey) as string) ?? 0;
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
