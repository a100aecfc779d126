import type { StatusCause } from '../../meta/v1/status.ts';
import type { LabelSelector } from '../../meta/v1/object-meta.ts';
import type { PodTemplateSpec } from '../../core/v1/pod-spec.ts';
import { checkEnum, forbidden, immutable, invalid, nonNegative, required } from '../../validation/causes.ts';
import { selectorIsEmpty, selectorMatches, validateLabelSelector } from '../../validation/labels.ts';
import { validatePodTemplateSpec } from '../../core/v1/pod-validation.ts';

/** WorkloadSpecLike is the part of a workload spec the shared checks read. */
export interface WorkloadSpecLike {
  replicas?: number;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}

/**
 * validateSelectorAndTemplate checks the selector is present, non-empty and valid, and that
 * it selects the template's labels (Kubernetes' ValidatePodTemplateSpecForReplicaSet).
 */
export function validateSelectorAndTemplate(selector: LabelSelector | undefined, template: PodTemplateSpec | undefined, path: string, kind: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!selector) causes.push(required(`${path}.selector`));
  else {
    causes.push(...validateLabelSelector(`${path}.selector`, selector));
    if (selectorIsEmpty(selector)) causes.push(invalid(`${path}.selector`, selector, `empty selector is invalid for ${kind}`));
  }
  if (!template) return [...causes, required(`${path}.template`)];
  const labels = template.metadata?.labels;
  if (selector && !selectorIsEmpty(selector) && !selectorMatches(selector, labels)) {
    causes.push(invalid(`${path}.template.metadata.labels`, labels ?? {}, '`selector` does not match template `labels`'));
  }
  causes.push(...validatePodTemplateSpec(template, `${path}.template`));
  return causes;
}

/**
 * validateWorkloadSpec runs the checks every apps/v1 workload shares: non-negative counts,
 * selector/template agreement, restartPolicy Always and no activeDeadlineSeconds.
 */
export function validateWorkloadSpec(spec: WorkloadSpecLike | undefined, kind: string): StatusCause[] {
  const s = spec ?? {};
  const causes = [
    ...nonNegative('spec.replicas', s.replicas),
    ...nonNegative('spec.minReadySeconds', s.minReadySeconds),
    ...nonNegative('spec.revisionHistoryLimit', s.revisionHistoryLimit),
    ...validateSelectorAndTemplate(s.selector, s.template, 'spec', kind),
  ];
  const podSpec = s.template?.spec;
  if (podSpec?.restartPolicy && podSpec.restartPolicy !== 'Always') {
    causes.push(...checkEnum('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always']));
  }
  if (podSpec?.activeDeadlineSeconds !== undefined) {
    causes.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return causes;
}

/** validateSelectorImmutable reports a changed spec.selector (apps/v1 selectors are immutable). */
export function validateSelectorImmutable(selector: LabelSelector | undefined, old: LabelSelector | undefined): StatusCause[] {
  return immutable('spec.selector', selector, old);
}
