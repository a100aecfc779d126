/** The job controller works on the batch/v1 kinds as defined in api/. */
export type { Job, JobStatus } from '../../../api/batch/v1/job.ts';
import type { Job } from '../../../api/batch/v1/job.ts';
import type { Condition } from '../../../api/meta/v1/object-meta.ts';

/** finishedCondition returns the Complete or Failed condition that is True, if any. */
export function finishedCondition(job: Job): Condition | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** Label and annotation names used on Job pods. */
export const JobNameLabel = 'batch.kubernetes.io/job-name';
export const LegacyJobNameLabel = 'job-name';
export const ControllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const LegacyControllerUidLabel = 'controller-uid';
export const CompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
