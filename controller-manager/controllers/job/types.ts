import type { PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import type { Condition, KubeObject, LabelSelector } from '../../../api/meta/v1/object-meta.ts';

/** Job is the subset of batch/v1 Job the controller reads and writes. */
export interface Job extends KubeObject {
  spec?: {
    parallelism?: number;
    completions?: number | null;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    ttlSecondsAfterFinished?: number;
    completionMode?: 'NonIndexed' | 'Indexed';
    suspend?: boolean;
    selector?: LabelSelector;
    manualSelector?: boolean;
    template?: PodTemplateSpec;
  };
  status?: JobStatus;
}

/** JobStatus as in batch/v1. */
export interface JobStatus {
  conditions?: Condition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  completedIndexes?: string;
}

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
