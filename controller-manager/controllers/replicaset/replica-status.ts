import type { Pod } from '../../../api/core/v1/pod.ts';
import type { Condition } from '../../../api/meta/v1/object-meta.ts';
import { isPodAvailable, isPodReady } from '../../util/pod.ts';
import { selectorMatcher } from '../../util/selector.ts';
import type { ReplicatedObject } from './kinds.ts';

/** ReplicaStatus is the status block shared by ReplicaSet and ReplicationController. */
export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Condition[];
}

/**
 * calculateStatus computes the status Kubernetes reports for a ReplicaSet from the pods it
 * controls: replicas, fullyLabeledReplicas (labels match the template's), readyReplicas,
 * availableReplicas (ready for minReadySeconds) and the ReplicaFailure condition.
 */
export function calculateStatus(rs: ReplicatedObject, pods: Pod[], manageError: { reason: string; message: string } | undefined, nowMs: number): ReplicaStatus {
  const templateLabels = selectorMatcher({ matchLabels: rs.spec?.template?.metadata?.labels ?? {} });
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fully = 0, ready = 0, available = 0;
  for (const p of pods) {
    if (templateLabels(p.metadata.labels)) fully++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, nowMs)) available++;
    }
  }
  const conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
  const previous = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (manageError) {
    conditions.push({
      type: 'ReplicaFailure',
      status: 'True',
      reason: manageError.reason,
      message: manageError.message,
      lastTransitionTime: previous?.status === 'True' ? previous.lastTransitionTime : new Date(nowMs).toISOString(),
    });
  }
  return {
    replicas: pods.length,
    fullyLabeledReplicas: fully,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation,
    ...(conditions.length ? { conditions } : {}),
  };
}

/** statusEqual compares two statuses field by field (ignoring absent vs zero). */
export function statusEqual(a: ReplicaStatus | undefined, b: ReplicaStatus): boolean {
  const n = (x: number | undefined) => x ?? 0;
  return (
    n(a?.replicas) === n(b.replicas) &&
    n(a?.fullyLabeledReplicas) === n(b.fullyLabeledReplicas) &&
    n(a?.readyReplicas) === n(b.readyReplicas) &&
    n(a?.availableReplicas) === n(b.availableReplicas) &&
    n(a?.observedGeneration) === n(b.observedGeneration) &&
    JSON.stringify(a?.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}
