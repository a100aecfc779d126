/**
 * Explainability: what an unschedulable pod shows users — PodScheduled=False with reason
 * Unschedulable (SchedulerError for internal errors) and the Kubernetes summary as message —
 * and the events kubectl describe lists (FailedScheduling, Scheduled).
 */
import type { Client, EventRecorder } from '../client/types.ts';
import { Resources } from '../api/resources.ts';
import type { Pod, PodCondition } from './api-types.ts';

/** ReasonUnschedulable is the PodScheduled reason for a pod no node fits. */
export const ReasonUnschedulable = 'Unschedulable';
/** ReasonSchedulerError is the PodScheduled reason for an internal scheduling error. */
export const ReasonSchedulerError = 'SchedulerError';

/** scheduledMessage is the Scheduled event text, as Kubernetes writes it. */
export function scheduledMessage(pod: Pod, nodeName: string): string {
  return `Successfully assigned ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name} to ${nodeName}`;
}

/**
 * podScheduledConditions returns the pod's conditions with PodScheduled=False set, or undefined
 * when that exact condition is already there (so a retry does not rewrite the pod).
 */
export function podScheduledConditions(pod: Pod, reason: string, message: string, now: Date): PodCondition[] | undefined {
  const existing = pod.status?.conditions ?? [];
  const old = existing.find((c) => c.type === 'PodScheduled');
  if (old && old.status === 'False' && old.reason === reason && old.message === message) return undefined;
  const cond: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    reason,
    message,
    lastProbeTime: null,
    lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
  return [...existing.filter((c) => c.type !== 'PodScheduled'), cond];
}

/** reportFailure records the FailedScheduling event and sets the PodScheduled condition. */
export async function reportFailure(client: Client, recorder: EventRecorder, pod: Pod, reason: string, message: string): Promise<void> {
  recorder.event(pod, 'Warning', 'FailedScheduling', message);
  const conditions = podScheduledConditions(pod, reason, message, new Date());
  if (!conditions) return;
  // A merge patch of the whole list: a pending pod's conditions are written by the scheduler alone.
  await client
    .resource<Pod>(Resources.pods)
    .patch(pod.metadata.namespace, pod.metadata.name!, 'merge', { status: { conditions } }, { subresource: 'status' });
}
