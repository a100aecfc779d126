import { type Static } from '@sinclair/typebox';
import { CronExpressionParser } from 'cron-parser';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { ObjectMeta } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, KindSchema, Obj, Opt, Str, Time } from '../../core/v1/schema-kit.ts';
import { ObjectReferenceSchema } from '../../core/v1/object-reference.ts';
import { checkEnum, invalid, nonNegative, required } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateLabels, validateAnnotations } from '../../validation/labels.ts';
import { JobSpecSchema, validateJobSpec, type JobSpec } from './job.ts';
import { applyPodTemplateDefaults } from '../../core/v1/pod-defaults.ts';

/** JobTemplateSpecSchema is the Job a CronJob creates on each run. */
export const JobTemplateSpecSchema = Obj({ metadata: Opt(ObjectMeta), spec: JobSpecSchema });
export type JobTemplateSpec = Static<typeof JobTemplateSpecSchema>;

/** CronJobSpecSchema is the desired state of a CronJob. */
export const CronJobSpecSchema = Obj({
  schedule: Str(),
  timeZone: Opt(Str()),
  startingDeadlineSeconds: Opt(Int()),
  concurrencyPolicy: Opt(Str()),
  suspend: Opt(Bool()),
  jobTemplate: JobTemplateSpecSchema,
  successfulJobsHistoryLimit: Opt(Int()),
  failedJobsHistoryLimit: Opt(Int()),
});
export type CronJobSpec = Static<typeof CronJobSpecSchema>;

/** CronJobStatusSchema is the observed state of a CronJob. */
export const CronJobStatusSchema = Obj({
  active: Opt(Arr(ObjectReferenceSchema)),
  lastScheduleTime: Opt(Time()),
  lastSuccessfulTime: Opt(Time()),
});

/** CronJobSchema is a batch/v1 CronJob. */
export const CronJobSchema = KindSchema({ spec: CronJobSpecSchema, status: Opt(CronJobStatusSchema) });
export type CronJob = Static<typeof CronJobSchema>;

const descriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** validateSchedule checks a standard 5-field cron expression or a descriptor such as @hourly. */
export function validateSchedule(schedule: string | undefined, field: string): StatusCause[] {
  if (!schedule) return [required(field)];
  if (/\b(CRON_)?TZ=/.test(schedule)) return [invalid(field, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead')];
  const fields = schedule.trim().split(/\s+/);
  const isDescriptor = descriptors.includes(schedule.trim()) || /^@every\s/.test(schedule.trim());
  if (!isDescriptor && fields.length !== 5) return [invalid(field, schedule, `unparseable schedule: expected exactly 5 fields, found ${fields.length}: ${schedule}`)];
  if (isDescriptor) return [];
  try {
    CronExpressionParser.parse(schedule);
    return [];
  } catch (err) {
    return [invalid(field, schedule, `unparseable schedule: ${(err as Error).message}`)];
  }
}

/** validateTimeZone checks an IANA time zone name (e.g. Europe/Berlin). */
export function validateTimeZone(tz: string | undefined, field: string): StatusCause[] {
  if (tz === undefined) return [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz === '' || tz.toLowerCase() === 'local' ? [invalid(field, tz, 'unknown time zone ' + tz)] : [];
  } catch {
    return [invalid(field, tz, `unknown time zone ${tz}`)];
  }
}

function validateCronJob(cj: CronJob): StatusCause[] {
  const spec = cj.spec ?? ({} as CronJobSpec);
  const causes = validateObjectMeta(cj.metadata, { namespaced: true });
  // Job names get an 11-character suffix and must stay a 63-character label.
  const name = cj.metadata?.name ?? '';
  if (name.length > 52) causes.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  causes.push(...validateSchedule(spec.schedule, 'spec.schedule'));
  causes.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  causes.push(...checkEnum('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], true));
  causes.push(...nonNegative('spec.startingDeadlineSeconds', spec.startingDeadlineSeconds));
  causes.push(...nonNegative('spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit));
  causes.push(...nonNegative('spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit));
  const jt = spec.jobTemplate;
  causes.push(...validateLabels('spec.jobTemplate.metadata.labels', jt?.metadata?.labels));
  causes.push(...validateAnnotations('spec.jobTemplate.metadata.annotations', jt?.metadata?.annotations));
  causes.push(...validateJobSpec(jt?.spec, 'spec.jobTemplate.spec', false));
  return causes;
}

/** cronJobDefinition is the KindDefinition of batch/v1 CronJob. */
export const cronJobDefinition: KindDefinition<CronJob> = {
  info: Resources.cronjobs,
  schema: CronJobSchema,
  applyDefaults(cj) {
    const spec = (cj.spec ??= {} as CronJobSpec);
    spec.concurrencyPolicy ||= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    spec.jobTemplate ??= { spec: {} as JobSpec };
    spec.jobTemplate.spec ??= {} as JobSpec;
    // Kubernetes defaults only the pod template here; Job defaults apply when a Job is created.
    applyPodTemplateDefaults(spec.jobTemplate.spec.template);
  },
  validate: validateCronJob,
  validateUpdate: (cj, old) => [...validateCronJob(cj), ...validateObjectMetaUpdate(cj.metadata, old.metadata)],
};
