/**
 * Framework runs one pod's scheduling cycle over the enabled plugins: preFilter → filter (in
 * round-robin order, stopping after enough feasible nodes as kube-scheduler does) → preScore →
 * score → normalizeScore → weighted sum → pick the best node. Entirely synchronous.
 */
import type { Pod } from '../api-types.ts';
import type { NodeInfo } from './node-info.ts';
import { ErrNoNodesAvailable, FitError, type Diagnosis } from './fit-error.ts';
import type { CycleState, Plugin, Snapshot, Status } from './types.ts';

/** ScoredPlugin is a score plugin with its configured weight. */
export interface ScoredPlugin {
  plugin: Plugin;
  weight: number;
}

/** ScheduleResult is where the pod goes and how hard it was to decide. */
export interface ScheduleResult {
  nodeName: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

/** NoNodesError is thrown when the cluster has no nodes; it is retried when a node appears. */
export class NoNodesError extends Error {
  constructor() {
    super(ErrNoNodesAvailable);
    this.name = 'NoNodesError';
  }
}

const minFeasibleNodesToFind = 100;

/**
 * numFeasibleNodesToFind is kube-scheduler's adaptive percentageOfNodesToScore: every node up to
 * 100, then a share shrinking from 50% (never below 5%, never below 100 nodes).
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < minFeasibleNodesToFind || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(50 - Math.floor(numAllNodes / 125), 5);
  return Math.max(Math.floor((numAllNodes * pct) / 100), minFeasibleNodesToFind);
}

/** Framework is the configured plugin pipeline. */
export class Framework {
  filters: Plugin[];
  scorers: ScoredPlugin[];
  percentageOfNodesToScore: number;
  private nextStartNodeIndex = 0;

  constructor(filters: Plugin[], scorers: ScoredPlugin[], percentageOfNodesToScore = 0) {
    this.filters = filters;
    this.scorers = scorers;
    this.percentageOfNodesToScore = percentageOfNodesToScore;
  }

  /** schedulePod picks a node for the pod or throws FitError / NoNodesError. */
  schedulePod(pod: Pod, snapshot: Snapshot): ScheduleResult {
    const all = snapshot.nodeInfos();
    if (all.length === 0) throw new NoNodesError();
    const state: CycleState = new Map();
    const { feasible, diagnosis } = this.findFeasible(state, pod, all);
    if (feasible.length === 0) throw new FitError(all.length, diagnosis);
    const evaluated = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { nodeName: feasible[0].name, evaluatedNodes: evaluated, feasibleNodes: 1 };
    const totals = this.prioritize(state, pod, feasible);
    return { nodeName: feasible[selectHost(totals)].name, evaluatedNodes: evaluated, feasibleNodes: feasible.length };
  }

  private runPreFilters(state: CycleState, pod: Pod, diagnosis: Diagnosis, all: NodeInfo[]): Set<string> | undefined | 'rejected' {
    let allowed: Set<string> | undefined;
    const narrowing: string[] = [];
    for (const p of this.filters) {
      const r = p.preFilter?.(state, pod);
      if (r?.status) {
        diagnosis.preFilterMsg = r.status.reasons.join(', ');
        diagnosis.unschedulablePlugins.add(p.name);
        for (const ni of all) diagnosis.nodeToStatus.set(ni.name, { ...r.status, plugin: p.name });
        return 'rejected';
      }
      if (r?.nodeNames) {
        narrowing.push(p.name);
        allowed = allowed ? new Set([...allowed].filter((n) => r.nodeNames!.has(n))) : new Set(r.nodeNames);
      }
    }
    if (allowed) {
      // Nodes a preFilter ruled out are reported the way Kubernetes does.
      const status: Status = { code: 'UnschedulableAndUnresolvable', reasons: [`node(s) didn't satisfy plugin(s) [${narrowing.sort().join(' ')}]`] };
      for (const ni of all) if (!allowed.has(ni.name)) diagnosis.nodeToStatus.set(ni.name, status);
      for (const n of narrowing) diagnosis.unschedulablePlugins.add(n);
    }
    return allowed;
  }

  private findFeasible(state: CycleState, pod: Pod, all: NodeInfo[]): { feasible: NodeInfo[]; diagnosis: Diagnosis } {
    const diagnosis: Diagnosis = { nodeToStatus: new Map(), unschedulablePlugins: new Set() };
    const allowed = this.runPreFilters(state, pod, diagnosis, all);
    if (allowed === 'rejected') return { feasible: [], diagnosis };
    const candidates = allowed ? all.filter((ni) => allowed.has(ni.name)) : all;
    const want = numFeasibleNodesToFind(candidates.length, this.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    const n = candidates.length;
    const start = allowed ? 0 : this.nextStartNodeIndex % Math.max(n, 1);
    let processed = 0;
    for (; processed < n && feasible.length < want; processed++) {
      const ni = candidates[(start + processed) % n];
      const status = this.runFilters(state, pod, ni);
      if (status) {
        diagnosis.nodeToStatus.set(ni.name, status);
        diagnosis.unschedulablePlugins.add(status.plugin!);
      } else {
        feasible.push(ni);
      }
    }
    if (!allowed) this.nextStartNodeIndex = (start + processed) % Math.max(n, 1);
    return { feasible, diagnosis };
  }

  /** runFilters runs the filter plugins on one node, stopping at the first rejection. */
  runFilters(state: CycleState, pod: Pod, ni: NodeInfo): Status | undefined {
    for (const p of this.filters) {
      const s = p.filter?.(state, pod, ni);
      if (s) return { ...s, plugin: p.name };
    }
    return undefined;
  }

  /** prioritize returns the weighted total score of every feasible node. */
  prioritize(state: CycleState, pod: Pod, nodes: NodeInfo[]): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    for (const { plugin, weight } of this.scorers) {
      if (!plugin.score) continue;
      if (plugin.preScore && !plugin.preScore(state, pod, nodes)) continue;
      const scores = nodes.map((ni) => plugin.score!(state, pod, ni));
      plugin.normalizeScore?.(state, pod, nodes, scores);
      for (let i = 0; i < nodes.length; i++) totals[i] += scores[i] * weight;
    }
    return totals;
  }
}

/** selectHost returns the index of the highest score, breaking ties uniformly at random. */
export function selectHost(totals: number[]): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i] > totals[best]) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (Math.random() * ties < 1) best = i;
    }
  }
  return best;
}
