import { type Static } from '@sinclair/typebox';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, LabelSelector } from '../../meta/v1/object-meta.ts';
import { Arr, Int, KindSchema, Obj, Opt } from '../../core/v1/schema-kit.ts';
import { PodTemplateSpecSchema } from '../../core/v1/pod-spec.ts';
import { applyPodTemplateDefaults } from '../../core/v1/pod-defaults.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateSelectorImmutable, validateWorkloadSpec } from './workload-validation.ts';

/** ReplicaSetSpecSchema is the desired state of a ReplicaSet. */
export const ReplicaSetSpecSchema = Obj({
  replicas: Opt(Int()),
  minReadySeconds: Opt(Int()),
  selector: LabelSelector,
  template: PodTemplateSpecSchema,
});
export type ReplicaSetSpec = Static<typeof ReplicaSetSpecSchema>;

/** ReplicaSetStatusSchema is the observed state of a ReplicaSet. */
export const ReplicaSetStatusSchema = Obj({
  replicas: Int(),
  fullyLabeledReplicas: Opt(Int()),
  readyReplicas: Opt(Int()),
  availableReplicas: Opt(Int()),
  terminatingReplicas: Opt(Int()),
  observedGeneration: Opt(Int()),
  conditions: Opt(Arr(Condition)),
});
export type ReplicaSetStatus = Static<typeof ReplicaSetStatusSchema>;

/** ReplicaSetSchema is an apps/v1 ReplicaSet. */
export const ReplicaSetSchema = KindSchema({ spec: ReplicaSetSpecSchema, status: Opt(ReplicaSetStatusSchema) });
export type ReplicaSet = Static<typeof ReplicaSetSchema>;

function validateReplicaSet(rs: ReplicaSet) {
  return [...validateObjectMeta(rs.metadata, { namespaced: true }), ...validateWorkloadSpec(rs.spec, 'replicaset')];
}

/** replicaSetDefinition is the KindDefinition of apps/v1 ReplicaSet. */
export const replicaSetDefinition: KindDefinition<ReplicaSet> = {
  info: Resources.replicasets,
  schema: ReplicaSetSchema,
  applyDefaults(rs) {
    rs.spec ??= {} as ReplicaSetSpec;
    rs.spec.replicas ??= 1;
    applyPodTemplateDefaults(rs.spec.template);
  },
  validate: validateReplicaSet,
  validateUpdate: (rs, old) => [
    ...validateReplicaSet(rs),
    ...validateObjectMetaUpdate(rs.metadata, old.metadata),
    ...validateSelectorImmutable(rs.spec?.selector, old.spec?.selector),
  ],
  selectableFields: (rs) => ({ 'status.replicas': String(rs.status?.replicas ?? 0) }),
};
