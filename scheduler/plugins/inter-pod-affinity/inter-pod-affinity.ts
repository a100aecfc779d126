/**
 * InterPodAffinity enforces required pod affinity and anti-affinity (the incoming pod's terms,
 * and existing pods' anti-affinity against the incoming pod) over any topologyKey, and scores
 * preferred terms in both directions.
 */
import type { Handle, Plugin } from '../../framework/types.ts';
import { unresolvable, unschedulable } from '../../framework/types.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { incomingPodInfo, termMatches, type AffinityTerm, type PodInfo } from '../../framework/pod-info.ts';
import { minMaxNormalize } from '../../framework/normalize.ts';
import type { Pod } from '../../api-types.ts';

/** ErrReasonExistingAntiAffinityRulesNotMatch is Kubernetes' message for existing pods' anti-affinity. */
export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
/** ErrReasonAffinityRulesNotMatch is Kubernetes' message for unmet required affinity. */
export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
/** ErrReasonAntiAffinityRulesNotMatch is Kubernetes' message for the pod's own anti-affinity. */
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

const filterKey = 'InterPodAffinity/filter';
const scoreKey = 'InterPodAffinity/score';

interface FilterState {
  pi: PodInfo;
  existingAnti: Map<string, number>;
  affinity: Map<string, number>;
  anti: Map<string, number>;
}

const pair = (key: string, value: string) => `${key}\u0000${value}`;

function inc(m: Map<string, number>, k: string, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

function countInto(m: Map<string, number>, node: NodeInfo, term: AffinityTerm, by = 1): void {
  const v = node.node?.metadata.labels?.[term.topologyKey];
  if (v !== undefined) inc(m, pair(term.topologyKey, v), by);
}

function satisfiesAffinity(s: FilterState, ni: NodeInfo, pod: Pod, handle: Handle): boolean {
  let podsExist = true;
  for (const t of s.pi.requiredAffinity) {
    const v = ni.node?.metadata.labels?.[t.topologyKey];
    if (v === undefined) return false;
    if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself may go anywhere the keys exist.
  return s.affinity.size === 0 && s.pi.requiredAffinity.every((t) => termMatches(t, pod, handle.namespaceLabels));
}

function violates(counts: Map<string, number>, ni: NodeInfo, keys: Iterable<string> | undefined): boolean {
  if (counts.size === 0) return false;
  const labels = ni.node?.metadata.labels ?? {};
  for (const k of keys ?? Object.keys(labels)) {
    const v = labels[k];
    if (v !== undefined && (counts.get(pair(k, v)) ?? 0) > 0) return true;
  }
  return false;
}

function buildFilterState(handle: Handle, pod: Pod, pi: PodInfo): FilterState {
  const ns = handle.namespaceLabels;
  const s: FilterState = { pi, existingAnti: new Map(), affinity: new Map(), anti: new Map() };
  for (const ni of handle.snapshot.havePodsWithRequiredAntiAffinity()) {
    for (const epi of ni.pods.values()) {
      for (const t of epi.requiredAntiAffinity) if (termMatches(t, pod, ns)) countInto(s.existingAnti, ni, t);
    }
  }
  if (pi.requiredAffinity.length === 0 && pi.requiredAntiAffinity.length === 0) return s;
  for (const ni of handle.snapshot.nodeInfos()) {
    for (const epi of ni.pods.values()) {
      if (pi.requiredAffinity.length > 0 && pi.requiredAffinity.every((t) => termMatches(t, epi.pod, ns))) {
        for (const t of pi.requiredAffinity) countInto(s.affinity, ni, t);
      }
      for (const t of pi.requiredAntiAffinity) if (termMatches(t, epi.pod, ns)) countInto(s.anti, ni, t);
    }
  }
  return s;
}

function buildScoreState(handle: Handle, pod: Pod, pi: PodInfo): Map<string, number> {
  const ns = handle.namespaceLabels;
  const scores = new Map<string, number>();
  const hasPreferred = pi.preferredAffinity.length + pi.preferredAntiAffinity.length > 0;
  const nodes = hasPreferred ? handle.snapshot.nodeInfos() : handle.snapshot.havePodsWithAffinity();
  for (const ni of nodes) {
    for (const epi of ni.pods.values()) {
      for (const t of pi.preferredAffinity) if (termMatches(t, epi.pod, ns)) countInto(scores, ni, t, t.weight);
      for (const t of pi.preferredAntiAffinity) if (termMatches(t, epi.pod, ns)) countInto(scores, ni, t, -t.weight);
      // Existing pods' terms about the incoming pod count too; required affinity with weight 1.
      for (const t of epi.requiredAffinity) if (termMatches(t, pod, ns)) countInto(scores, ni, t, 1);
      for (const t of epi.preferredAffinity) if (termMatches(t, pod, ns)) countInto(scores, ni, t, t.weight);
      for (const t of epi.preferredAntiAffinity) if (termMatches(t, pod, ns)) countInto(scores, ni, t, -t.weight);
    }
  }
  return scores;
}

/** newInterPodAffinity builds the InterPodAffinity plugin. */
export function newInterPodAffinity(handle: Handle): Plugin {
  return {
    name: 'InterPodAffinity',
    events: ['NodeAdd', 'NodeUpdate', 'AssignedPodAdd', 'AssignedPodUpdate', 'AssignedPodDelete'],
    preFilter(state, pod) {
      state.set(filterKey, buildFilterState(handle, pod, incomingPodInfo(state, pod)));
      return undefined;
    },
    filter(state, pod, ni) {
      const s = state.get(filterKey) as FilterState | undefined;
      if (!s) return undefined;
      if (s.pi.requiredAffinity.length > 0 && !satisfiesAffinity(s, ni, pod, handle)) return unresolvable(ErrReasonAffinityRulesNotMatch);
      if (violates(s.anti, ni, s.pi.requiredAntiAffinity.map((t) => t.topologyKey))) return unschedulable(ErrReasonAntiAffinityRulesNotMatch);
      if (violates(s.existingAnti, ni, undefined)) return unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);
      return undefined;
    },
    preScore(state, pod) {
      const pi = incomingPodInfo(state, pod);
      const hasPreferred = pi.preferredAffinity.length + pi.preferredAntiAffinity.length > 0;
      if (!hasPreferred && handle.snapshot.havePodsWithAffinity().length === 0) return false;
      const scores = buildScoreState(handle, pod, pi);
      state.set(scoreKey, { scores, keys: new Set([...scores.keys()].map((k) => k.split('\u0000')[0])) });
      return scores.size > 0;
    },
    score(state, _pod, ni) {
      const s = state.get(scoreKey) as { scores: Map<string, number>; keys: Set<string> };
      let total = 0;
      for (const k of s.keys) {
        const v = ni.node?.metadata.labels?.[k];
        if (v !== undefined) total += s.scores.get(pair(k, v)) ?? 0;
      }
      return total;
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      minMaxNormalize(scores);
    },
  };
}
