import { Type, type Static } from '@sinclair/typebox';

/** StringMap is a map of string keys to string values (labels, annotations, data). */
export const StringMap = Type.Record(Type.String(), Type.String());

/** OwnerReference points from a dependent object to its owner (garbage collection, adoption). */
export const OwnerReference = Type.Object(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    name: Type.String(),
    uid: Type.String(),
    controller: Type.Optional(Type.Boolean()),
    blockOwnerDeletion: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type OwnerReference = Static<typeof OwnerReference>;

/** ManagedFieldsEntry records which manager owns which fields (server-side apply). */
export const ManagedFieldsEntry = Type.Object(
  {
    manager: Type.Optional(Type.String()),
    operation: Type.Optional(Type.String()),
    apiVersion: Type.Optional(Type.String()),
    time: Type.Optional(Type.String()),
    fieldsType: Type.Optional(Type.String()),
    fieldsV1: Type.Optional(Type.Unknown()),
    subresource: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ManagedFieldsEntry = Static<typeof ManagedFieldsEntry>;

/** ObjectMeta is the metadata every persisted object carries, as in Kubernetes. */
export const ObjectMeta = Type.Object(
  {
    name: Type.Optional(Type.String()),
    generateName: Type.Optional(Type.String()),
    namespace: Type.Optional(Type.String()),
    uid: Type.Optional(Type.String()),
    resourceVersion: Type.Optional(Type.String()),
    generation: Type.Optional(Type.Integer()),
    creationTimestamp: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    deletionTimestamp: Type.Optional(Type.String()),
    deletionGracePeriodSeconds: Type.Optional(Type.Integer()),
    labels: Type.Optional(StringMap),
    annotations: Type.Optional(StringMap),
    ownerReferences: Type.Optional(Type.Array(OwnerReference)),
    finalizers: Type.Optional(Type.Array(Type.String())),
    managedFields: Type.Optional(Type.Array(ManagedFieldsEntry)),
    selfLink: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ObjectMeta = Static<typeof ObjectMeta>;

/** ListMeta is the metadata of a list response. */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

/** KubeObject is the shape every API object shares; kinds refine spec and status. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** KubeList is a list of objects of one kind, e.g. PodList. */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

/** Condition is the generic condition shape used by status blocks (metav1.Condition). */
export const Condition = Type.Object(
  {
    type: Type.String(),
    status: Type.String(),
    observedGeneration: Type.Optional(Type.Integer()),
    lastTransitionTime: Type.Optional(Type.String()),
    lastUpdateTime: Type.Optional(Type.String()),
    lastProbeTime: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    lastHeartbeatTime: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Condition = Static<typeof Condition>;

/** LabelSelectorRequirement is one set-based requirement of a LabelSelector. */
export const LabelSelectorRequirement = Type.Object(
  {
    key: Type.String(),
    operator: Type.String(),
    values: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

/** LabelSelector is the structured selector used in specs (matchLabels + matchExpressions). */
export const LabelSelector = Type.Object(
  {
    matchLabels: Type.Optional(StringMap),
    matchExpressions: Type.Optional(Type.Array(LabelSelectorRequirement)),
  },
  { additionalProperties: false },
);
export type LabelSelector = Static<typeof LabelSelector>;

/** IntOrString is a Kubernetes field that accepts a number or a string (ports, percentages). */
export const IntOrString = Type.Union([Type.Integer(), Type.String()]);
export type IntOrString = Static<typeof IntOrString>;

/** Quantity is a resource amount such as "100m", "128Mi" or 2. */
export const Quantity = Type.Union([Type.String(), Type.Number()]);
export type Quantity = Static<typeof Quantity>;
