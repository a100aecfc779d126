/**
 * NodeAffinity enforces spec.nodeSelector and required node affinity (matchExpressions with
 * In/NotIn/Exists/DoesNotExist/Gt/Lt, matchFields on metadata.name) and scores preferred node
 * affinity. Its preFilter narrows DaemonSet-style pods pinned by metadata.name to their node.
 */
import type { PreferredSchedulingTerm } from '../../api-types.ts';
import type { Plugin } from '../../framework/types.ts';
import { unresolvable } from '../../framework/types.ts';
import { nodeSelectorTermMatches, podMatchesNodeSelectorAndAffinity } from '../../framework/node-selector.ts';
import { defaultNormalizeScore } from '../../framework/normalize.ts';
import type { Pod } from '../../api-types.ts';

/** ErrReasonPod is Kubernetes' message for a node failing nodeSelector or required affinity. */
export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

/**
 * pinnedNodeNames returns the node names required affinity restricts the pod to, when every
 * term pins metadata.name with In; undefined when any node may match.
 */
export function pinnedNodeNames(pod: Pod): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const names = new Set<string>();
  for (const term of terms) {
    const pin = (term.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In');
    if (!pin) return undefined;
    for (const v of pin.values ?? []) names.add(v);
  }
  return names;
}

/** newNodeAffinity builds the NodeAffinity plugin. */
export function newNodeAffinity(): Plugin {
  return {
    name: 'NodeAffinity',
    events: ['NodeAdd', 'NodeUpdate'],
    preFilter(_state, pod) {
      const nodeNames = pinnedNodeNames(pod);
      return nodeNames ? { nodeNames } : undefined;
    },
    filter(_state, pod, nodeInfo) {
      if (!nodeInfo.node) return undefined;
      return podMatchesNodeSelectorAndAffinity(pod.spec, nodeInfo.node) ? undefined : unresolvable(ErrReasonPod);
    },
    preScore(_state, pod) {
      return (pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
    },
    score(_state, pod, nodeInfo) {
      const preferred: PreferredSchedulingTerm[] = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      let total = 0;
      for (const p of preferred) {
        if (p.weight !== 0 && nodeInfo.node && nodeSelectorTermMatches(p.preference, nodeInfo.node)) total += p.weight;
      }
      return total;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}
