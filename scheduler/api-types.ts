/**
 * The Kubernetes kinds the scheduler reads, and the nested types it names, derived from the
 * kind definitions in api/ so that each shape is written exactly once.
 */
import type { Pod } from '../api/core/v1/pod.ts';
import type { Node } from '../api/core/v1/node.ts';
import type { PersistentVolume } from '../api/core/v1/persistentvolume.ts';
import type { PersistentVolumeClaim } from '../api/core/v1/persistentvolumeclaim.ts';

export type { Pod, Node, PersistentVolume, PersistentVolumeClaim };

/** PodSpec is a Pod's spec. */
export type PodSpec = NonNullable<Pod['spec']>;
/** Container is one app or init container of a pod. */
export type Container = PodSpec['containers'][number];
/** Toleration is one toleration of a pod. */
export type Toleration = NonNullable<PodSpec['tolerations']>[number];
/** Affinity is a pod's affinity block. */
export type Affinity = NonNullable<PodSpec['affinity']>;
/** NodeAffinity is the node-affinity part of a pod's affinity. */
export type NodeAffinity = NonNullable<Affinity['nodeAffinity']>;
/** NodeSelector is required node affinity: terms ORed. */
export type NodeSelector = NonNullable<NodeAffinity['requiredDuringSchedulingIgnoredDuringExecution']>;
/** NodeSelectorTerm is one term of a NodeSelector: expressions and fields ANDed. */
export type NodeSelectorTerm = NodeSelector['nodeSelectorTerms'][number];
/** NodeSelectorRequirement is one In/NotIn/Exists/DoesNotExist/Gt/Lt requirement. */
export type NodeSelectorRequirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];
/** PreferredSchedulingTerm is a weighted NodeSelectorTerm. */
export type PreferredSchedulingTerm = NonNullable<NodeAffinity['preferredDuringSchedulingIgnoredDuringExecution']>[number];
/** PodAffinity is the inter-pod affinity part of a pod's affinity. */
export type PodAffinity = NonNullable<Affinity['podAffinity']>;
/** PodAntiAffinity is the inter-pod anti-affinity part of a pod's affinity. */
export type PodAntiAffinity = NonNullable<Affinity['podAntiAffinity']>;
/** PodAffinityTerm selects pods (by labels and namespaces) within a topology domain. */
export type PodAffinityTerm = NonNullable<PodAffinity['requiredDuringSchedulingIgnoredDuringExecution']>[number];
/** WeightedPodAffinityTerm is a preferred PodAffinityTerm. */
export type WeightedPodAffinityTerm = NonNullable<PodAffinity['preferredDuringSchedulingIgnoredDuringExecution']>[number];
/** TopologySpreadConstraint is one pod topology spread constraint. */
export type TopologySpreadConstraint = NonNullable<PodSpec['topologySpreadConstraints']>[number];
/** Taint is one taint of a node. */
export type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
/** NodeCondition is one condition of a node's status. */
export type NodeCondition = NonNullable<NonNullable<Node['status']>['conditions']>[number];
/** PodCondition is one condition of a pod's status. */
export type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];
