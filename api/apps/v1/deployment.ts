import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, IntOrString, LabelSelector } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, KindSchema, Obj, Opt, Str } from '../../core/v1/schema-kit.ts';
import { PodTemplateSpecSchema } from '../../core/v1/pod-spec.ts';
import { applyPodTemplateDefaults } from '../../core/v1/pod-defaults.ts';
import { checkEnum, forbidden, invalid, nonNegative } from '../../validation/causes.ts';
import { getIntOrPercent, validateIntOrPercent } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateSelectorImmutable, validateWorkloadSpec } from './workload-validation.ts';

/** DeploymentStrategySchema says how pods are replaced (RollingUpdate or Recreate). */
export const DeploymentStrategySchema = Obj({
  type: Opt(Str()),
  rollingUpdate: Opt(Obj({ maxUnavailable: Opt(IntOrString), maxSurge: Opt(IntOrString) })),
});
export type DeploymentStrategy = Static<typeof DeploymentStrategySchema>;

/** DeploymentSpecSchema is the desired state of a Deployment. */
export const DeploymentSpecSchema = Obj({
  replicas: Opt(Int()),
  selector: LabelSelector,
  template: PodTemplateSpecSchema,
  strategy: Opt(DeploymentStrategySchema),
  minReadySeconds: Opt(Int()),
  revisionHistoryLimit: Opt(Int()),
  paused: Opt(Bool()),
  progressDeadlineSeconds: Opt(Int()),
});
export type DeploymentSpec = Static<typeof DeploymentSpecSchema>;

/** DeploymentStatusSchema is the observed state of a Deployment. */
export const DeploymentStatusSchema = Obj({
  observedGeneration: Opt(Int()),
  replicas: Opt(Int()),
  updatedReplicas: Opt(Int()),
  readyReplicas: Opt(Int()),
  availableReplicas: Opt(Int()),
  unavailableReplicas: Opt(Int()),
  terminatingReplicas: Opt(Int()),
  conditions: Opt(Arr(Condition)),
  collisionCount: Opt(Int()),
});
export type DeploymentStatus = Static<typeof DeploymentStatusSchema>;

/** DeploymentSchema is an apps/v1 Deployment. */
export const DeploymentSchema = KindSchema({ spec: DeploymentSpecSchema, status: Opt(DeploymentStatusSchema) });
export type Deployment = Static<typeof DeploymentSchema>;

/** applyDeploymentDefaults fills replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 s. */
export function applyDeploymentDefaults(d: Deployment): void {
  const spec = (d.spec ??= {} as DeploymentSpec);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  applyPodTemplateDefaults(spec.template);
}

function validateStrategy(s: DeploymentStrategy | undefined): StatusCause[] {
  if (!s) return [];
  const causes = checkEnum('spec.strategy.type', s.type, ['Recreate', 'RollingUpdate'], true);
  if (s.type === 'Recreate' && s.rollingUpdate) causes.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  const ru = s.rollingUpdate;
  if (s.type !== 'RollingUpdate' || !ru) return causes;
  causes.push(...validateIntOrPercent('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable));
  causes.push(...validateIntOrPercent('spec.strategy.rollingUpdate.maxSurge', ru.maxSurge));
  const unavailable = ru.maxUnavailable === undefined ? undefined : getIntOrPercent(ru.maxUnavailable)?.value;
  const surge = ru.maxSurge === undefined ? undefined : getIntOrPercent(ru.maxSurge)?.value;
  if (unavailable === 0 && surge === 0) causes.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  return causes;
}

function validateDeployment(d: Deployment): StatusCause[] {
  const spec = d.spec ?? ({} as DeploymentSpec);
  const causes = [...validateObjectMeta(d.metadata, { namespaced: true }), ...validateWorkloadSpec(spec, 'deployment'), ...validateStrategy(spec.strategy)];
  causes.push(...nonNegative('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds));
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
    causes.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return causes;
}

/** deploymentDefinition is the KindDefinition of apps/v1 Deployment. */
export const deploymentDefinition: KindDefinition<Deployment> = {
  info: Resources.deployments,
  schema: DeploymentSchema,
  applyDefaults: applyDeploymentDefaults,
  validate: validateDeployment,
  validateUpdate: (d, old) => [
    ...validateDeployment(d),
    ...validateObjectMetaUpdate(d.metadata, old.metadata),
    ...validateSelectorImmutable(d.spec?.selector, old.spec?.selector),
  ],
};
