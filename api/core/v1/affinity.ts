import { type Static } from '@sinclair/typebox';
import { LabelSelector } from '../../meta/v1/object-meta.ts';
import { Arr, Int, Obj, Opt, Str, StrArr, Time } from './schema-kit.ts';

/** NodeSelectorRequirementSchema is one node label/field requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt). */
export const NodeSelectorRequirementSchema = Obj({ key: Str(), operator: Str(), values: Opt(StrArr()) });
export type NodeSelectorRequirement = Static<typeof NodeSelectorRequirementSchema>;

/** NodeSelectorTermSchema ANDs its requirements. */
export const NodeSelectorTermSchema = Obj({
  matchExpressions: Opt(Arr(NodeSelectorRequirementSchema)),
  matchFields: Opt(Arr(NodeSelectorRequirementSchema)),
});
export type NodeSelectorTerm = Static<typeof NodeSelectorTermSchema>;

/** NodeSelectorSchema ORs its terms. */
export const NodeSelectorSchema = Obj({ nodeSelectorTerms: Arr(NodeSelectorTermSchema) });
export type NodeSelector = Static<typeof NodeSelectorSchema>;

/** PreferredSchedulingTermSchema is a weighted node preference. */
export const PreferredSchedulingTermSchema = Obj({ weight: Int(), preference: NodeSelectorTermSchema });
export type PreferredSchedulingTerm = Static<typeof PreferredSchedulingTermSchema>;

/** NodeAffinitySchema constrains which nodes a pod may use. */
export const NodeAffinitySchema = Obj({
  requiredDuringSchedulingIgnoredDuringExecution: Opt(NodeSelectorSchema),
  preferredDuringSchedulingIgnoredDuringExecution: Opt(Arr(PreferredSchedulingTermSchema)),
});
export type NodeAffinity = Static<typeof NodeAffinitySchema>;

/** PodAffinityTermSchema selects pods in a topology domain. */
export const PodAffinityTermSchema = Obj({
  labelSelector: Opt(LabelSelector),
  namespaceSelector: Opt(LabelSelector),
  namespaces: Opt(StrArr()),
  topologyKey: Str(),
  matchLabelKeys: Opt(StrArr()),
  mismatchLabelKeys: Opt(StrArr()),
});
export type PodAffinityTerm = Static<typeof PodAffinityTermSchema>;

/** WeightedPodAffinityTermSchema is a weighted pod (anti-)affinity preference. */
export const WeightedPodAffinityTermSchema = Obj({ weight: Int(), podAffinityTerm: PodAffinityTermSchema });
export type WeightedPodAffinityTerm = Static<typeof WeightedPodAffinityTermSchema>;

const podAffinityProps = {
  requiredDuringSchedulingIgnoredDuringExecution: Opt(Arr(PodAffinityTermSchema)),
  preferredDuringSchedulingIgnoredDuringExecution: Opt(Arr(WeightedPodAffinityTermSchema)),
};
/** PodAffinitySchema attracts a pod to domains running matching pods. */
export const PodAffinitySchema = Obj(podAffinityProps);
export type PodAffinity = Static<typeof PodAffinitySchema>;
/** PodAntiAffinitySchema repels a pod from domains running matching pods. */
export const PodAntiAffinitySchema = Obj(podAffinityProps);
export type PodAntiAffinity = Static<typeof PodAntiAffinitySchema>;

/** AffinitySchema groups node, pod and pod-anti affinity. */
export const AffinitySchema = Obj({
  nodeAffinity: Opt(NodeAffinitySchema),
  podAffinity: Opt(PodAffinitySchema),
  podAntiAffinity: Opt(PodAntiAffinitySchema),
}, 'urn:skiff:core:v1:Affinity');
export type Affinity = Static<typeof AffinitySchema>;

/** TolerationSchema lets a pod land on (or stay on) nodes with a matching taint. */
export const TolerationSchema = Obj({
  key: Opt(Str()),
  operator: Opt(Str()),
  value: Opt(Str()),
  effect: Opt(Str()),
  tolerationSeconds: Opt(Int()),
});
export type Toleration = Static<typeof TolerationSchema>;

/** TaintSchema is a node taint (NoSchedule, PreferNoSchedule, NoExecute). */
export const TaintSchema = Obj({ key: Str(), value: Opt(Str()), effect: Str(), timeAdded: Opt(Time()) });
export type Taint = Static<typeof TaintSchema>;

/** TopologySpreadConstraintSchema spreads matching pods across topology domains. */
export const TopologySpreadConstraintSchema = Obj({
  maxSkew: Int(),
  topologyKey: Str(),
  whenUnsatisfiable: Str(),
  labelSelector: Opt(LabelSelector),
  minDomains: Opt(Int()),
  nodeAffinityPolicy: Opt(Str()),
  nodeTaintsPolicy: Opt(Str()),
  matchLabelKeys: Opt(StrArr()),
});
export type TopologySpreadConstraint = Static<typeof TopologySpreadConstraintSchema>;

/** TaintEffects are the effects a taint or toleration may name. */
export const TaintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
