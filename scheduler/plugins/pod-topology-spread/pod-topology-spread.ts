/**
 * PodTopologySpread enforces spec.topologySpreadConstraints: DoNotSchedule constraints filter
 * (skew = matching pods in the node's domain + self − global minimum must stay ≤ maxSkew),
 * ScheduleAnyway constraints score (fewer matching pods in the domain, higher score).
 */
import type { Pod, TopologySpreadConstraint } from '../../api-types.ts';
import type { Handle, Plugin } from '../../framework/types.ts';
import { MaxNodeScore, unresolvable, unschedulable } from '../../framework/types.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { compileSelector, type Matcher } from '../../framework/selector.ts';
import { podMatchesNodeSelectorAndAffinity } from '../../framework/node-selector.ts';
import { findUntoleratedTaint } from '../../framework/taints.ts';

/** ErrReasonConstraintsNotMatch is Kubernetes' message for a violated DoNotSchedule constraint. */
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
/** ErrReasonNodeLabelNotMatch is Kubernetes' message for a node lacking a constraint's topology key. */
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';

const filterKey = 'PodTopologySpread/filter';
const scoreKey = 'PodTopologySpread/score';

interface Constraint {
  key: string;
  maxSkew: number;
  minDomains: number;
  selector: Matcher;
  honorAffinity: boolean;
  honorTaints: boolean;
}

interface Counted {
  constraints: Constraint[];
  counts: Map<string, number>[];
  /** mins is each constraint's global minimum (0 when there are fewer domains than minDomains). */
  mins: number[];
}

function compile(pod: Pod, c: TopologySpreadConstraint): Constraint {
  const sel = structuredClone(c.labelSelector ?? undefined);
  // matchLabelKeys: the pod's own values of those keys join the selector.
  const keys = (c as { matchLabelKeys?: string[] }).matchLabelKeys ?? [];
  if (sel && keys.length > 0) {
    sel.matchLabels = { ...sel.matchLabels };
    for (const k of keys) if (pod.metadata.labels?.[k] !== undefined) sel.matchLabels[k] = pod.metadata.labels[k];
  }
  const ext = c as { minDomains?: number; nodeAffinityPolicy?: string; nodeTaintsPolicy?: string };
  return {
    key: c.topologyKey,
    maxSkew: c.maxSkew,
    minDomains: ext.minDomains ?? 1,
    selector: compileSelector(sel),
    honorAffinity: ext.nodeAffinityPolicy !== 'Ignore',
    honorTaints: ext.nodeTaintsPolicy === 'Honor',
  };
}

function eligible(ni: NodeInfo, pod: Pod, cs: Constraint[]): boolean {
  const node = ni.node;
  if (!node) return false;
  const labels = node.metadata.labels ?? {};
  if (!cs.every((c) => labels[c.key] !== undefined)) return false;
  if (cs.some((c) => c.honorAffinity) && !podMatchesNodeSelectorAndAffinity(pod.spec, node)) return false;
  if (cs.some((c) => c.honorTaints)) {
    const noSched = (t: { effect?: string }) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
    if (findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, noSched)) return false;
  }
  return true;
}

function matchingOn(ni: NodeInfo, ns: string | undefined, sel: Matcher): number {
  let n = 0;
  for (const pi of ni.pods.values()) {
    if (pi.pod.metadata.namespace === ns && !pi.pod.metadata.deletionTimestamp && sel(pi.pod.metadata.labels)) n++;
  }
  return n;
}

function countDomains(nodes: NodeInfo[], pod: Pod, cs: Constraint[]): Counted {
  const counts = cs.map(() => new Map<string, number>());
  for (const ni of nodes) {
    if (!eligible(ni, pod, cs)) continue;
    cs.forEach((c, i) => {
      const v = ni.node!.metadata.labels![c.key];
      counts[i].set(v, (counts[i].get(v) ?? 0) + matchingOn(ni, pod.metadata.namespace, c.selector));
    });
  }
  const mins = cs.map((c, i) => (counts[i].size < c.minDomains ? 0 : Math.min(...counts[i].values())));
  return { constraints: cs, counts, mins };
}

function constraintsOf(pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === when).map((c) => compile(pod, c));
}

/** newPodTopologySpread builds the PodTopologySpread plugin. */
export function newPodTopologySpread(handle: Handle): Plugin {
  return {
    name: 'PodTopologySpread',
    events: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
    preFilter(state, pod) {
      const cs = constraintsOf(pod, 'DoNotSchedule');
      if (cs.length > 0) state.set(filterKey, countDomains(handle.snapshot.nodeInfos(), pod, cs));
      return undefined;
    },
    filter(state, pod, ni) {
      const s = state.get(filterKey) as Counted | undefined;
      if (!s) return undefined;
      const labels = ni.node?.metadata.labels ?? {};
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i];
        const v = labels[c.key];
        if (v === undefined) return unresolvable(ErrReasonNodeLabelNotMatch);
        const self = c.selector(pod.metadata.labels) ? 1 : 0;
        if ((s.counts[i].get(v) ?? 0) + self - s.mins[i] > c.maxSkew) return unschedulable(ErrReasonConstraintsNotMatch);
      }
      return undefined;
    },
    preScore(state, pod) {
      const cs = constraintsOf(pod, 'ScheduleAnyway');
      if (cs.length === 0) return false;
      state.set(scoreKey, countDomains(handle.snapshot.nodeInfos(), pod, cs));
      return true;
    },
    score(state, _pod, ni) {
      const s = state.get(scoreKey) as Counted;
      const labels = ni.node?.metadata.labels ?? {};
      let total = 0;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i];
        const v = labels[c.key];
        if (v === undefined) return -1; // marks the node as lacking a key: normalized to 0
        // Weight by log(domains + 2) so constraints over many domains matter more, as Kubernetes does.
        total += (s.counts[i].get(v) ?? 0) * Math.log(s.counts[i].size + 2) + (c.maxSkew - 1);
      }
      return total;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      const valid = scores.filter((s) => s >= 0);
      const max = valid.length ? Math.max(...valid) : 0;
      const min = valid.length ? Math.min(...valid) : 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i] < 0) scores[i] = 0;
        else scores[i] = max === 0 ? MaxNodeScore : Math.floor((MaxNodeScore * (max + min - scores[i])) / max);
      }
    },
  };
}
