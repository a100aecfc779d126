import type { Pod } from '../../../api/core/v1/pod.ts';
import type { LabelSelector } from '../../../api/meta/v1/object-meta.ts';
import { newControllerRef } from '../../util/keys.ts';
import { podFromTemplate } from '../../util/pod-template.ts';
import { isPodTerminal, restartCount } from '../../util/pod.ts';
import { CompletionIndexAnnotation, ControllerUidLabel, JobNameLabel, LegacyControllerUidLabel, LegacyJobNameLabel, type Job } from './types.ts';

/** jobSelector is the job's selector, or the generated controller-uid one when the server did not set it. */
export function jobSelector(job: Job): LabelSelector {
  return job.spec?.selector ?? { matchLabels: { [ControllerUidLabel]: job.metadata.uid ?? '' } };
}

/** newJobPod builds a pod for a job (with its index in Indexed mode), labelled like Kubernetes does. */
export function newJobPod(job: Job, index: number | undefined): Pod {
  const ns = job.metadata.namespace ?? 'default';
  const name = job.metadata.name ?? '';
  const generate = index === undefined ? `${name}-` : `${name}-${index}-`;
  const pod = podFromTemplate(job.spec!.template!, ns, generate, newControllerRef(job, 'batch/v1', 'Job'));
  pod.metadata.labels = {
    ...pod.metadata.labels,
    [JobNameLabel]: name,
    [LegacyJobNameLabel]: name,
    [ControllerUidLabel]: job.metadata.uid ?? '',
    [LegacyControllerUidLabel]: job.metadata.uid ?? '',
  };
  if (index !== undefined) {
    pod.metadata.annotations = { ...pod.metadata.annotations, [CompletionIndexAnnotation]: String(index) };
    pod.metadata.labels['batch.kubernetes.io/job-completion-index'] = String(index);
    // Indexed pods get a stable hostname and JOB_COMPLETION_INDEX, as in Kubernetes.
    pod.spec.hostname = `${name}-${index}`;
    for (const c of pod.spec.containers) c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${CompletionIndexAnnotation}']` } } } as never];
  }
  return pod;
}

/** indexOf reads a pod's completion index. */
export function indexOf(pod: Pod): number | undefined {
  const v = pod.metadata.annotations?.[CompletionIndexAnnotation];
  return v === undefined ? undefined : Number(v);
}

/** finishedAt returns when a terminal pod finished (latest container termination, else its last condition change). */
export function finishedAt(pod: Pod): number {
  let t = 0;
  for (const cs of pod.status?.containerStatuses ?? []) {
    const at = Date.parse(cs.state?.terminated?.finishedAt ?? '');
    if (!Number.isNaN(at)) t = Math.max(t, at);
  }
  if (t) return t;
  for (const c of pod.status?.conditions ?? []) t = Math.max(t, Date.parse(c.lastTransitionTime ?? '') || 0);
  return t || Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
}

/** BackoffBaseMs and BackoffMaxMs: pod recreation backoff after failures (10 s doubling, 6 min cap). */
export const BackoffBaseMs = 10_000;
export const BackoffMaxMs = 6 * 60_000;

/** backoffDelay is the wait before recreating pods after `failures` failures (0 for none). */
export function backoffDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BackoffMaxMs, BackoffBaseMs * 2 ** (failures - 1));
}

/** failureCount counts failed pods, plus container restarts of active pods under restartPolicy OnFailure. */
export function failureCount(job: Job, pods: Pod[]): { failedPods: number; restarts: number } {
  const failedPods = pods.filter((p) => p.status?.phase === 'Failed').length;
  const onFailure = job.spec?.template?.spec.restartPolicy === 'OnFailure';
  const restarts = onFailure ? pods.filter((p) => !isPodTerminal(p)).reduce((n, p) => n + restartCount(p), 0) : 0;
  return { failedPods, restarts };
}
