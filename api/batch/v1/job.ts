import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, LabelSelector } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, KindSchema, Obj, Opt, Str, StrArr, Time } from '../../core/v1/schema-kit.ts';
import { PodTemplateSpecSchema } from '../../core/v1/pod-spec.ts';
import { applyPodTemplateDefaults } from '../../core/v1/pod-defaults.ts';
import { checkEnum, immutable, nonNegative, positive, required } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateSelectorAndTemplate } from '../../apps/v1/workload-validation.ts';
import { validatePodTemplateSpec } from '../../core/v1/pod-validation.ts';

/** PodFailurePolicySchema decides what a failed pod means (FailJob, Ignore, Count, FailIndex). */
export const PodFailurePolicySchema = Obj({
  rules: Arr(
    Obj({
      action: Str(),
      onExitCodes: Opt(Obj({ containerName: Opt(Str()), operator: Str(), values: Arr(Int()) })),
      onPodConditions: Opt(Arr(Obj({ type: Str(), status: Opt(Str()) }))),
    }),
  ),
});

/** JobSpecSchema is the desired state of a Job. */
export const JobSpecSchema = Obj({
  parallelism: Opt(Int()),
  completions: Opt(Int()),
  activeDeadlineSeconds: Opt(Int()),
  podFailurePolicy: Opt(PodFailurePolicySchema),
  successPolicy: Opt(Obj({ rules: Arr(Obj({ succeededIndexes: Opt(Str()), succeededCount: Opt(Int()) })) })),
  backoffLimit: Opt(Int()),
  backoffLimitPerIndex: Opt(Int()),
  maxFailedIndexes: Opt(Int()),
  selector: Opt(LabelSelector),
  manualSelector: Opt(Bool()),
  template: PodTemplateSpecSchema,
  ttlSecondsAfterFinished: Opt(Int()),
  completionMode: Opt(Str()),
  suspend: Opt(Bool()),
  podReplacementPolicy: Opt(Str()),
  managedBy: Opt(Str()),
}, 'urn:skiff:batch:v1:JobSpec');
export type JobSpec = Static<typeof JobSpecSchema>;

/** JobStatusSchema is the observed state of a Job. */
export const JobStatusSchema = Obj({
  conditions: Opt(Arr(Condition)),
  startTime: Opt(Time()),
  completionTime: Opt(Time()),
  active: Opt(Int()),
  succeeded: Opt(Int()),
  failed: Opt(Int()),
  terminating: Opt(Int()),
  completedIndexes: Opt(Str()),
  failedIndexes: Opt(Str()),
  uncountedTerminatedPods: Opt(Obj({ succeeded: Opt(StrArr()), failed: Opt(StrArr()) })),
  ready: Opt(Int()),
});
export type JobStatus = Static<typeof JobStatusSchema>;

/** JobSchema is a batch/v1 Job. */
export const JobSchema = KindSchema({ spec: JobSpecSchema, status: Opt(JobStatusSchema) });
export type Job = Static<typeof JobSchema>;

/** applyJobSpecDefaults fills Kubernetes' Job defaults (also used for CronJob job templates). */
export function applyJobSpecDefaults(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? 6 : 2147483647;
  spec.completionMode ||= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  applyPodTemplateDefaults(spec.template);
}

/**
 * generateJobSelector gives a Job without manualSelector the selector Kubernetes generates:
 * its uid as `batch.kubernetes.io/controller-uid`, with matching template labels. It needs the
 * server-assigned metadata.uid, so the API server's Job strategy calls it in prepareForCreate
 * (after the uid is set); applyDefaults cannot, since a client may send a stale uid.
 */
export function generateJobSelector(job: Job): void {
  const uid = job.metadata?.uid;
  if (!uid || job.spec?.manualSelector || job.spec?.selector) return;
  const name = job.metadata.name ?? '';
  job.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const t = (job.spec.template ??= { spec: { containers: [] } });
  t.metadata ??= {};
  t.metadata.labels = { ...t.metadata.labels, 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
}

/** validateJobSpec checks counts, limits, completion mode and the template (restartPolicy OnFailure/Never). */
export function validateJobSpec(spec: JobSpec | undefined, path: string, requireSelector: boolean): StatusCause[] {
  const s = spec ?? ({} as JobSpec);
  const causes = [
    ...nonNegative(`${path}.parallelism`, s.parallelism),
    ...nonNegative(`${path}.completions`, s.completions),
    ...positive(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds),
    ...nonNegative(`${path}.backoffLimit`, s.backoffLimit),
    ...nonNegative(`${path}.ttlSecondsAfterFinished`, s.ttlSecondsAfterFinished),
    ...checkEnum(`${path}.completionMode`, s.completionMode, ['NonIndexed', 'Indexed']),
    ...checkEnum(`${path}.podReplacementPolicy`, s.podReplacementPolicy, ['TerminatingOrFailed', 'Failed']),
  ];
  if (s.completionMode === 'Indexed' && s.completions === undefined) causes.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  if (requireSelector || s.selector) causes.push(...validateSelectorAndTemplate(s.selector, s.template, path, 'job'));
  else causes.push(...validatePodTemplateSpec(s.template, `${path}.template`));
  const rp = s.template?.spec?.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') causes.push(...checkEnum(`${path}.template.spec.restartPolicy`, rp || 'Always', ['OnFailure', 'Never']));
  return causes;
}

function validateJob(job: Job): StatusCause[] {
  // A generated selector is added by the server; only a manual one must be given.
  return [...validateObjectMeta(job.metadata, { namespaced: true }), ...validateJobSpec(job.spec, 'spec', job.spec?.manualSelector === true)];
}

/** validateJobUpdate keeps selector, completionMode and (unless suspended and never started) the template. */
export function validateJobUpdate(job: Job, old: Job): StatusCause[] {
  const causes = [...validateJob(job), ...validateObjectMetaUpdate(job.metadata, old.metadata)];
  causes.push(...immutable('spec.selector', job.spec?.selector, old.spec?.selector));
  causes.push(...immutable('spec.completionMode', job.spec?.completionMode, old.spec?.completionMode));
  const mutableTemplate = old.spec?.suspend === true && !old.status?.startTime;
  if (!mutableTemplate) causes.push(...immutable('spec.template', job.spec?.template, old.spec?.template));
  if (job.spec?.completionMode !== 'Indexed') causes.push(...immutable('spec.completions', job.spec?.completions, old.spec?.completions));
  return causes;
}

/** jobDefinition is the KindDefinition of batch/v1 Job. */
export const jobDefinition: KindDefinition<Job> = {
  info: Resources.jobs,
  schema: JobSchema,
  applyDefaults(job) {
    job.spec ??= {} as JobSpec;
    applyJobSpecDefaults(job.spec);
  },
  validate: validateJob,
  validateUpdate: validateJobUpdate,
  selectableFields: (job) => ({ 'status.successful': String(job.status?.succeeded ?? 0) }),
};
