/**
 * The scheduling framework's contract (kube-scheduler's framework, trimmed): every plugin has
 * a name and implements some of the extension points preFilter → filter → preScore → score →
 * normalizeScore. All extension points are synchronous so one scheduling cycle runs without
 * yielding and reads a cache that cannot change underneath it.
 */
import type { Pod } from '../api-types.ts';
import type { NodeInfo } from './node-info.ts';
import type { NamespaceLabels } from './pod-info.ts';
import type { Lister } from '../../client/types.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../api-types.ts';

/** StatusCode says how a plugin rejected a pod; UnschedulableAndUnresolvable nodes are not worth preempting. */
export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

/** Status is a plugin's rejection: its code and the user-facing reasons (Kubernetes' exact wording). */
export interface Status {
  code: StatusCode;
  reasons: string[];
  /** plugin is filled in by the framework. */
  plugin?: string;
}

/** unschedulable builds an Unschedulable status. */
export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

/** unresolvable builds an UnschedulableAndUnresolvable status. */
export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/** CycleState carries data between one pod's extension points (preFilter → filter, preScore → score). */
export type CycleState = Map<string, unknown>;

/** PreFilterResult narrows the nodes worth filtering (e.g. matchFields metadata.name) or rejects the pod outright. */
export interface PreFilterResult {
  status?: Status;
  /** nodeNames, when set, are the only nodes that can pass this plugin. */
  nodeNames?: Set<string>;
}

/** ClusterEvent is a change in the cluster that may make an unschedulable pod schedulable. */
export type ClusterEvent =
  | 'NodeAdd'
  | 'NodeUpdate'
  | 'AssignedPodAdd'
  | 'AssignedPodUpdate'
  | 'AssignedPodDelete'
  | 'PvAdd'
  | 'PvUpdate'
  | 'PvcAdd'
  | 'PvcUpdate';

/** Snapshot is the scheduler cache as plugins see it during one cycle. */
export interface Snapshot {
  /** nodeInfos lists the nodes that exist (placeholders for unknown nodes excluded). */
  nodeInfos(): NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** havePodsWithRequiredAntiAffinity lists nodes hosting pods with required anti-affinity terms. */
  havePodsWithRequiredAntiAffinity(): NodeInfo[];
  /** havePodsWithAffinity lists nodes hosting pods with any (anti-)affinity terms. */
  havePodsWithAffinity(): NodeInfo[];
  /** numNodesWithImage counts the nodes that hold an image (normalized name). */
  numNodesWithImage(image: string): number;
}

/** Handle is what plugin factories get: the snapshot and listers of the other objects they read. */
export interface Handle {
  snapshot: Snapshot;
  pvcLister?: Lister<PersistentVolumeClaim>;
  pvLister?: Lister<PersistentVolume>;
  /** namespaceLabels resolves affinity namespaceSelectors; undefined when namespaces are not watched. */
  namespaceLabels?: NamespaceLabels;
}

/** MaxNodeScore is the top of the normalized score range, as in Kubernetes. */
export const MaxNodeScore = 100;

/** Plugin is one scheduling plugin; it implements the extension points it needs. */
export interface Plugin {
  readonly name: string;
  /** events lists the cluster changes that can make a pod this plugin rejected schedulable again. */
  readonly events: readonly ClusterEvent[];
  preFilter?(state: CycleState, pod: Pod): PreFilterResult | undefined;
  filter?(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined;
  /** preScore prepares scoring over the feasible nodes; returning false skips score for this pod. */
  preScore?(state: CycleState, pod: Pod, nodes: NodeInfo[]): boolean;
  score?(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** normalizeScore rescales `scores` (aligned with `nodes`) in place to 0..MaxNodeScore. */
  normalizeScore?(state: CycleState, pod: Pod, nodes: NodeInfo[], scores: number[]): void;
}

/** PluginArgs are the per-plugin settings from the scheduler config file. */
export interface PluginArgs {
  /** scoringStrategy of NodeResourcesFit: spread (LeastAllocated) or bin-pack (MostAllocated). */
  scoringStrategy: 'LeastAllocated' | 'MostAllocated';
}

/** PluginFactory builds a plugin. */
export type PluginFactory = (handle: Handle, args: PluginArgs) => Plugin;
