/**
 * TaintToleration filters out nodes with a NoSchedule/NoExecute taint the pod does not
 * tolerate, and scores nodes by how few PreferNoSchedule taints the pod leaves untolerated.
 */
import type { Taint, Toleration } from '../../api-types.ts';
import type { Plugin } from '../../framework/types.ts';
import { unresolvable } from '../../framework/types.ts';
import { findUntoleratedTaint, taintMessage, tolerationsTolerateTaint } from '../../framework/taints.ts';
import { defaultNormalizeScore } from '../../framework/normalize.ts';

const doNotSchedule = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
const stateKey = 'TaintToleration/prefer';

/** newTaintToleration builds the TaintToleration plugin. */
export function newTaintToleration(): Plugin {
  return {
    name: 'TaintToleration',
    events: ['NodeAdd', 'NodeUpdate'],
    filter(_state, pod, nodeInfo) {
      const taint = findUntoleratedTaint(nodeInfo.node?.spec?.taints, pod.spec?.tolerations, doNotSchedule);
      return taint ? unresolvable(taintMessage(taint)) : undefined;
    },
    preScore(state, pod) {
      const prefer = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      state.set(stateKey, prefer);
      return true;
    },
    score(state, _pod, nodeInfo) {
      const prefer = (state.get(stateKey) as Toleration[] | undefined) ?? [];
      let count = 0;
      for (const taint of nodeInfo.node?.spec?.taints ?? []) {
        if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(prefer, taint)) count++;
      }
      return count;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      defaultNormalizeScore(scores, true);
    },
  };
}
