import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, IntOrString, LabelSelector, ObjectMeta } from '../../meta/v1/object-meta.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str } from '../../core/v1/schema-kit.ts';
import { PodTemplateSpecSchema } from '../../core/v1/pod-spec.ts';
import { applyPodTemplateDefaults } from '../../core/v1/pod-defaults.ts';
import { PersistentVolumeClaimSpecSchema } from '../../core/v1/volume.ts';
import { PersistentVolumeClaimStatusSchema, applyPersistentVolumeClaimSpecDefaults, validatePersistentVolumeClaimSpec } from '../../core/v1/persistentvolumeclaim.ts';
import { checkEnum, deepEqual, forbidden, nonNegative } from '../../validation/causes.ts';
import { isDNS1123Label, validateString } from '../../validation/names.ts';
import { validateIntOrPercent } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateWorkloadSpec } from './workload-validation.ts';

/** StatefulSetUpdateStrategySchema: RollingUpdate (from the highest ordinal down to partition) or OnDelete. */
export const StatefulSetUpdateStrategySchema = Obj({
  type: Opt(Str()),
  rollingUpdate: Opt(Obj({ partition: Opt(Int()), maxUnavailable: Opt(IntOrString) })),
});

/** VolumeClaimTemplateSchema is a PVC template: one claim per pod ordinal. */
export const VolumeClaimTemplateSchema = Obj({
  apiVersion: Opt(Str()),
  kind: Opt(Str()),
  metadata: Opt(ObjectMeta),
  spec: PersistentVolumeClaimSpecSchema,
  status: Opt(PersistentVolumeClaimStatusSchema),
});

/** StatefulSetSpecSchema is the desired state of a StatefulSet. */
export const StatefulSetSpecSchema = Obj({
  replicas: Opt(Int()),
  selector: LabelSelector,
  template: PodTemplateSpecSchema,
  volumeClaimTemplates: Opt(Arr(VolumeClaimTemplateSchema)),
  serviceName: Opt(Str()),
  podManagementPolicy: Opt(Str()),
  updateStrategy: Opt(StatefulSetUpdateStrategySchema),
  revisionHistoryLimit: Opt(Int()),
  minReadySeconds: Opt(Int()),
  persistentVolumeClaimRetentionPolicy: Opt(Obj({ whenDeleted: Opt(Str()), whenScaled: Opt(Str()) })),
  ordinals: Opt(Obj({ start: Opt(Int()) })),
});
export type StatefulSetSpec = Static<typeof StatefulSetSpecSchema>;

/** StatefulSetStatusSchema is the observed state of a StatefulSet. */
export const StatefulSetStatusSchema = Obj({
  observedGeneration: Opt(Int()),
  replicas: Int(),
  readyReplicas: Opt(Int()),
  currentReplicas: Opt(Int()),
  updatedReplicas: Opt(Int()),
  currentRevision: Opt(Str()),
  updateRevision: Opt(Str()),
  collisionCount: Opt(Int()),
  conditions: Opt(Arr(Condition)),
  availableReplicas: Opt(Int()),
});
export type StatefulSetStatus = Static<typeof StatefulSetStatusSchema>;

/** StatefulSetSchema is an apps/v1 StatefulSet. */
export const StatefulSetSchema = KindSchema({ spec: StatefulSetSpecSchema, status: Opt(StatefulSetStatusSchema) });
export type StatefulSet = Static<typeof StatefulSetSchema>;

/** applyStatefulSetDefaults fills replicas 1, OrderedReady, RollingUpdate partition 0, history 10, Retain. */
export function applyStatefulSetDefaults(sts: StatefulSet): void {
  const spec = (sts.spec ??= {} as StatefulSetSpec);
  spec.replicas ??= 1;
  spec.podManagementPolicy ||= 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    us.rollingUpdate ??= {};
    us.rollingUpdate.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  for (const t of spec.volumeClaimTemplates ?? []) {
    t.spec ??= {};
    applyPersistentVolumeClaimSpecDefaults(t.spec);
  }
  applyPodTemplateDefaults(spec.template);
}

/**
 * withClaimVolumes is the spec as its pods will see it: each volumeClaimTemplate becomes a PVC
 * volume of the same name, so container volumeMounts may refer to claim templates (the
 * StatefulSet controller adds those volumes to every pod).
 */
function withClaimVolumes(spec: StatefulSetSpec): StatefulSetSpec {
  const claims = (spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name).filter((n): n is string => !!n);
  const podSpec = spec.template?.spec;
  if (claims.length === 0 || !podSpec) return spec;
  const existing = new Set((podSpec.volumes ?? []).map((v) => v.name));
  const extra = claims.filter((n) => !existing.has(n)).map((name) => ({ name, persistentVolumeClaim: { claimName: name } }));
  return { ...spec, template: { ...spec.template, spec: { ...podSpec, volumes: [...(podSpec.volumes ?? []), ...extra] } } };
}

function validateStatefulSet(sts: StatefulSet): StatusCause[] {
  const spec = sts.spec ?? ({} as StatefulSetSpec);
  const causes = [...validateObjectMeta(sts.metadata, { namespaced: true }), ...validateWorkloadSpec(withClaimVolumes(spec), 'statefulset')];
  causes.push(...checkEnum('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  const us = spec.updateStrategy;
  causes.push(...checkEnum('spec.updateStrategy.type', us?.type, ['RollingUpdate', 'OnDelete']));
  if (us?.type === 'OnDelete' && us.rollingUpdate) causes.push(forbidden('spec.updateStrategy.rollingUpdate', "only allowed for updateStrategy 'RollingUpdate'"));
  causes.push(...nonNegative('spec.updateStrategy.rollingUpdate.partition', us?.rollingUpdate?.partition));
  causes.push(...validateIntOrPercent('spec.updateStrategy.rollingUpdate.maxUnavailable', us?.rollingUpdate?.maxUnavailable));
  if (spec.serviceName) causes.push(...validateString('spec.serviceName', spec.serviceName, isDNS1123Label));
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  causes.push(...checkEnum('spec.persistentVolumeClaimRetentionPolicy.whenDeleted', retention?.whenDeleted, ['Retain', 'Delete']));
  causes.push(...checkEnum('spec.persistentVolumeClaimRetentionPolicy.whenScaled', retention?.whenScaled, ['Retain', 'Delete']));
  causes.push(...nonNegative('spec.ordinals.start', spec.ordinals?.start));
  (spec.volumeClaimTemplates ?? []).forEach((t, i) => {
    const p = `spec.volumeClaimTemplates[${i}]`;
    if (!t.metadata?.name) causes.push({ reason: 'FieldValueRequired', field: `${p}.metadata.name`, message: 'Required value' });
    causes.push(...validatePersistentVolumeClaimSpec(t.spec, `${p}.spec`));
  });
  return causes;
}

const mutableSpecFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

/** validateStatefulSetUpdate forbids changing anything but replicas, template, strategies and limits. */
export function validateStatefulSetUpdate(sts: StatefulSet, old: StatefulSet): StatusCause[] {
  const causes = [...validateStatefulSet(sts), ...validateObjectMetaUpdate(sts.metadata, old.metadata)];
  const a: Record<string, unknown> = { ...sts.spec };
  const b: Record<string, unknown> = { ...old.spec };
  for (const f of mutableSpecFields) {
    delete a[f];
    delete b[f];
  }
  if (!deepEqual(a, b)) {
    causes.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
  return causes;
}

/** statefulSetDefinition is the KindDefinition of apps/v1 StatefulSet. */
export const statefulSetDefinition: KindDefinition<StatefulSet> = {
  info: Resources.statefulsets,
  schema: StatefulSetSchema,
  applyDefaults: applyStatefulSetDefaults,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
};
