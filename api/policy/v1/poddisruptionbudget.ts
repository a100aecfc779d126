import { Type, type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, IntOrString, LabelSelector } from '../../meta/v1/object-meta.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str, Time } from '../../core/v1/schema-kit.ts';
import { checkEnum, invalid } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** PodDisruptionBudgetSchema is a policy/v1 PodDisruptionBudget. */
export const PodDisruptionBudgetSchema = KindSchema({
  spec: Opt(
    Obj({
      minAvailable: Opt(IntOrString),
      maxUnavailable: Opt(IntOrString),
      selector: Opt(LabelSelector),
      unhealthyPodEvictionPolicy: Opt(Str()),
    }),
  ),
  status: Opt(
    Obj({
      observedGeneration: Opt(Int()),
      // disruptedPods maps a pod name to when the eviction subresource let it go.
      disruptedPods: Opt(Type.Record(Type.String(), Time())),
      disruptionsAllowed: Int(),
      currentHealthy: Int(),
      desiredHealthy: Int(),
      expectedPods: Int(),
      conditions: Opt(Arr(Condition)),
    }),
  ),
});
export type PodDisruptionBudget = Static<typeof PodDisruptionBudgetSchema>;
/** PodDisruptionBudgetStatus is the status the disruption controller and the eviction subresource write. */
export type PodDisruptionBudgetStatus = NonNullable<PodDisruptionBudget['status']>;

function validateIntOrPercent(field: string, v: IntOrString | undefined): StatusCause[] {
  if (v === undefined) return [];
  if (typeof v === 'number') return v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];
  const m = /^(\d+)%$/.exec(v);
  if (!m) return [invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  return Number(m[1]) > 100 ? [invalid(field, v, 'must not be greater than 100%')] : [];
}

function validatePDB(pdb: PodDisruptionBudget): StatusCause[] {
  const spec = pdb.spec ?? {};
  const causes = validateObjectMeta(pdb.metadata, { namespaced: true });
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    causes.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  causes.push(...validateIntOrPercent('spec.minAvailable', spec.minAvailable), ...validateIntOrPercent('spec.maxUnavailable', spec.maxUnavailable));
  causes.push(...checkEnum('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']));
  return causes;
}

/** podDisruptionBudgetDefinition is the KindDefinition of policy/v1 PodDisruptionBudget. */
export const podDisruptionBudgetDefinition: KindDefinition<PodDisruptionBudget> = {
  info: Resources.poddisruptionbudgets,
  schema: PodDisruptionBudgetSchema,
  applyDefaults() {},
  validate: validatePDB,
  validateUpdate: (p, old) => [...validatePDB(p), ...validateObjectMetaUpdate(p.metadata, old.metadata)],
};
