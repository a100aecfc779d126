import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition } from '../../meta/v1/object-meta.ts';
import { Arr, Int, KindSchema, Obj, Opt, StrMap } from './schema-kit.ts';
import { PodTemplateSpecSchema } from './pod-spec.ts';
import { applyPodTemplateDefaults } from './pod-defaults.ts';
import { validatePodTemplateSpec } from './pod-validation.ts';
import { checkEnum, invalid, nonNegative, required } from '../../validation/causes.ts';
import { validateLabels } from '../../validation/labels.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** ReplicationControllerSchema is a core/v1 ReplicationController (the predecessor of ReplicaSet). */
export const ReplicationControllerSchema = KindSchema({
  spec: Opt(Obj({ replicas: Opt(Int()), minReadySeconds: Opt(Int()), selector: Opt(StrMap()), template: Opt(PodTemplateSpecSchema) })),
  status: Opt(
    Obj({
      replicas: Int(),
      fullyLabeledReplicas: Opt(Int()),
      readyReplicas: Opt(Int()),
      availableReplicas: Opt(Int()),
      observedGeneration: Opt(Int()),
      conditions: Opt(Arr(Condition)),
    }),
  ),
});
export type ReplicationController = Static<typeof ReplicationControllerSchema>;

function validateRC(rc: ReplicationController): StatusCause[] {
  const spec = rc.spec ?? {};
  const causes = [...validateObjectMeta(rc.metadata, { namespaced: true }), ...nonNegative('spec.replicas', spec.replicas), ...nonNegative('spec.minReadySeconds', spec.minReadySeconds)];
  const selector = spec.selector ?? {};
  if (Object.keys(selector).length === 0) causes.push(required('spec.selector'));
  causes.push(...validateLabels('spec.selector', selector));
  if (!spec.template) return [...causes, required('spec.template')];
  const labels = spec.template.metadata?.labels ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodTemplateSpec(spec.template, 'spec.template'));
  causes.push(...checkEnum('spec.template.spec.restartPolicy', spec.template.spec?.restartPolicy, ['Always']));
  return causes;
}

/** replicationControllerDefinition is the KindDefinition of core/v1 ReplicationController. */
export const replicationControllerDefinition: KindDefinition<ReplicationController> = {
  info: Resources.replicationcontrollers,
  schema: ReplicationControllerSchema,
  applyDefaults(rc) {
    const spec = (rc.spec ??= {});
    spec.replicas ??= 1;
    // Kubernetes fills an empty selector (and empty object labels) from the template's labels.
    const labels = spec.template?.metadata?.labels;
    if (labels && !Object.keys(spec.selector ?? {}).length) spec.selector = { ...labels };
    if (labels && !Object.keys(rc.metadata.labels ?? {}).length) rc.metadata.labels = { ...labels };
    applyPodTemplateDefaults(spec.template);
  },
  validate: validateRC,
  validateUpdate: (rc, old) => [...validateRC(rc), ...validateObjectMetaUpdate(rc.metadata, old.metadata)],
  selectableFields: (rc) => ({ 'status.replicas': String(rc.status?.replicas ?? 0) }),
};
