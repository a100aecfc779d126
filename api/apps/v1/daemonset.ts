import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, IntOrString, LabelSelector } from '../../meta/v1/object-meta.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str } from '../../core/v1/schema-kit.ts';
import { PodTemplateSpecSchema } from '../../core/v1/pod-spec.ts';
import { applyPodTemplateDefaults } from '../../core/v1/pod-defaults.ts';
import { checkEnum, invalid } from '../../validation/causes.ts';
import { getIntOrPercent, validateIntOrPercent } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateSelectorImmutable, validateWorkloadSpec } from './workload-validation.ts';

/** DaemonSetUpdateStrategySchema says how a DaemonSet replaces its pods. */
export const DaemonSetUpdateStrategySchema = Obj({
  type: Opt(Str()),
  rollingUpdate: Opt(Obj({ maxUnavailable: Opt(IntOrString), maxSurge: Opt(IntOrString) })),
});

/** DaemonSetSpecSchema is the desired state of a DaemonSet. */
export const DaemonSetSpecSchema = Obj({
  selector: LabelSelector,
  template: PodTemplateSpecSchema,
  updateStrategy: Opt(DaemonSetUpdateStrategySchema),
  minReadySeconds: Opt(Int()),
  revisionHistoryLimit: Opt(Int()),
});
export type DaemonSetSpec = Static<typeof DaemonSetSpecSchema>;

/** DaemonSetStatusSchema is the observed state of a DaemonSet. */
export const DaemonSetStatusSchema = Obj({
  currentNumberScheduled: Int(),
  numberMisscheduled: Int(),
  desiredNumberScheduled: Int(),
  numberReady: Int(),
  observedGeneration: Opt(Int()),
  updatedNumberScheduled: Opt(Int()),
  numberAvailable: Opt(Int()),
  numberUnavailable: Opt(Int()),
  collisionCount: Opt(Int()),
  conditions: Opt(Arr(Condition)),
});
export type DaemonSetStatus = Static<typeof DaemonSetStatusSchema>;

/** DaemonSetSchema is an apps/v1 DaemonSet. */
export const DaemonSetSchema = KindSchema({ spec: DaemonSetSpecSchema, status: Opt(DaemonSetStatusSchema) });
export type DaemonSet = Static<typeof DaemonSetSchema>;

function validateDaemonSet(ds: DaemonSet): StatusCause[] {
  const spec = ds.spec ?? ({} as DaemonSetSpec);
  const causes = [...validateObjectMeta(ds.metadata, { namespaced: true }), ...validateWorkloadSpec(spec, 'daemonset')];
  const us = spec.updateStrategy;
  causes.push(...checkEnum('spec.updateStrategy.type', us?.type, ['RollingUpdate', 'OnDelete']));
  const ru = us?.rollingUpdate;
  if (us?.type === 'RollingUpdate' && ru) {
    causes.push(...validateIntOrPercent('spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable));
    causes.push(...validateIntOrPercent('spec.updateStrategy.rollingUpdate.maxSurge', ru.maxSurge));
    const u = ru.maxUnavailable === undefined ? 0 : getIntOrPercent(ru.maxUnavailable)?.value;
    const s = ru.maxSurge === undefined ? 0 : getIntOrPercent(ru.maxSurge)?.value;
    if (u === 0 && s === 0) causes.push(invalid('spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  return causes;
}

/** daemonSetDefinition is the KindDefinition of apps/v1 DaemonSet. */
export const daemonSetDefinition: KindDefinition<DaemonSet> = {
  info: Resources.daemonsets,
  schema: DaemonSetSchema,
  applyDefaults(ds) {
    const spec = (ds.spec ??= {} as DaemonSetSpec);
    const us = (spec.updateStrategy ??= {});
    us.type ||= 'RollingUpdate';
    if (us.type === 'RollingUpdate') {
      const ru = (us.rollingUpdate ??= {});
      ru.maxUnavailable ??= 1;
      ru.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    applyPodTemplateDefaults(spec.template);
  },
  validate: validateDaemonSet,
  validateUpdate: (ds, old) => [
    ...validateDaemonSet(ds),
    ...validateObjectMetaUpdate(ds.metadata, old.metadata),
    ...validateSelectorImmutable(ds.spec?.selector, old.spec?.selector),
  ],
};
