/**
 * status-message.ts reproduces kubectl's rollout status viewers: for a workload object it says
 * what the rollout waits for, or that it is done.
 */

interface Workload {
  kind?: string;
  metadata: { name?: string; generation?: number };
  spec?: { replicas?: number; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    currentReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: Array<{ type: string; reason?: string }>;
  };
}

/** RolloutState is one look at a rollout: a message, and whether it is done or failed. */
export interface RolloutState {
  message: string;
  done: boolean;
  error?: string;
}

/** rolloutState computes the status line kubectl prints for a Deployment, DaemonSet or StatefulSet. */
export function rolloutState(kind: string, obj: Workload): RolloutState {
  if (kind === 'Deployment') return deploymentState(obj);
  if (kind === 'DaemonSet') return daemonSetState(obj);
  if (kind === 'StatefulSet') return statefulSetState(obj);
  return { message: '', done: true, error: `no status viewer has been implemented for ${kind}` };
}

function deploymentState(d: Workload): RolloutState {
  const name = d.metadata.name;
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  if (s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) {
    return { message: '', done: true, error: `deployment "${name}" exceeded its progress deadline` };
  }
  const want = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < want) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false };
  if ((s.replicas ?? 0) > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  if ((s.availableReplicas ?? 0) < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

function daemonSetState(ds: Workload): RolloutState {
  const name = ds.metadata.name;
  const s = ds.status ?? {};
  if ((ds.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = s.desiredNumberScheduled ?? 0;
  if ((s.updatedNumberScheduled ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`, done: false };
  if ((s.numberAvailable ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${desired} updated pods are available...`, done: false };
  return { message: `daemon set "${name}" successfully rolled out`, done: true };
}

function statefulSetState(sts: Workload): RolloutState {
  const s = sts.status ?? {};
  if (!s.observedGeneration || (sts.metadata.generation ?? 0) > s.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const want = sts.spec?.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < want) return { message: `Waiting for ${want - (s.readyReplicas ?? 0)} pods to be ready...`, done: false };
  const partition = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (sts.spec?.updateStrategy?.type === 'RollingUpdate' && partition > 0) {
    if ((s.updatedReplicas ?? 0) < want - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${want - partition} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (s.updateRevision !== s.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...`, done: false };
  }
  return { message: `statefulset rolling update complete ${s.currentReplicas ?? s.replicas ?? 0} pods at revision ${s.currentRevision}...`, done: true };
}
