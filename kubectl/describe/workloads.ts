import { labelSelectorToString } from '../../api/labels/index.ts';
import type { DaemonSet } from '../../api/apps/v1/daemonset.ts';
import type { Deployment } from '../../api/apps/v1/deployment.ts';
import type { ReplicaSet } from '../../api/apps/v1/replicaset.ts';
import type { StatefulSet } from '../../api/apps/v1/statefulset.ts';
import type { CronJob } from '../../api/batch/v1/cronjob.ts';
import type { Job } from '../../api/batch/v1/job.ts';
import type { Condition } from '../../api/meta/v1/object-meta.ts';
import { describeTime, DescribeWriter } from './describe-writer.ts';
import { writeEvents, type EventLike } from './events.ts';
import { controlledBy, writeMeta } from './meta.ts';
import { writePodTemplate } from './pod-template.ts';

/** PodCounts summarizes the pods a workload owns: `Pods Status:` lines. */
export interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

function podsStatus(w: DescribeWriter, counts: PodCounts): void {
  w.line(0, 'Pods Status:', `${counts.running} Running / ${counts.waiting} Waiting / ${counts.succeeded} Succeeded / ${counts.failed} Failed`);
}

function writeConditions(w: DescribeWriter, conditions: Condition[] | undefined): void {
  if (!conditions?.length) return;
  w.line(0, 'Conditions:');
  w.raw(1, ['Type', 'Status', 'Reason']);
  w.raw(1, ['----', '------', '------']);
  for (const c of conditions) w.raw(1, [c.type, c.status, c.reason ?? '']);
}

/** ReplicaSetSummary names a ReplicaSet in a Deployment's description: `web-7d4b (3/3 replicas created)`. */
export function replicaSetSummary(rs: ReplicaSet): string {
  return `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
}

/** describeDeployment renders `describe deployment`. */
export function describeDeployment(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  const s = d.status ?? {};
  w.line(0, 'Name:', d.metadata.name);
  w.line(0, 'Namespace:', d.metadata.namespace);
  w.line(0, 'CreationTimestamp:', describeTime(d.metadata.creationTimestamp));
  writeMeta(w, d, { name: false, namespace: false });
  w.line(0, 'Selector:', labelSelectorToString(d.spec?.selector));
  const want = d.spec?.replicas ?? 1;
  w.line(0, 'Replicas:', `${want} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`);
  const strategy = d.spec?.strategy;
  w.line(0, 'StrategyType:', strategy?.type ?? 'RollingUpdate');
  w.line(0, 'MinReadySeconds:', d.spec?.minReadySeconds ?? 0);
  if ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const ru = strategy?.rollingUpdate;
    w.line(0, 'RollingUpdateStrategy:', `${ru?.maxUnavailable ?? '25%'} max unavailable, ${ru?.maxSurge ?? '25%'} max surge`);
  }
  writePodTemplate(w, d.spec?.template);
  writeConditions(w, s.conditions);
  w.line(0, 'OldReplicaSets:', oldRSs.length ? oldRSs.map(replicaSetSummary).join(', ') : '<none>');
  w.line(0, 'NewReplicaSet:', newRS ? replicaSetSummary(newRS) : '<none>');
  writeEvents(w, events, now);
  return w.text();
}

/** describeReplicaSet renders `describe replicaset`. */
export function describeReplicaSet(rs: ReplicaSet, counts: PodCounts, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  writeMeta(w, rs);
  w.line(0, 'Selector:', labelSelectorToString(rs.spec?.selector));
  const owner = controlledBy(rs);
  if (owner) w.line(0, 'Controlled By:', owner);
  w.line(0, 'Replicas:', `${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired`);
  podsStatus(w, counts);
  writePodTemplate(w, rs.spec?.template);
  writeConditions(w, rs.status?.conditions);
  writeEvents(w, events, now);
  return w.text();
}

/** describeStatefulSet renders `describe statefulset`. */
export function describeStatefulSet(sts: StatefulSet, counts: PodCounts, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', sts.metadata.name);
  w.line(0, 'Namespace:', sts.metadata.namespace);
  w.line(0, 'CreationTimestamp:', describeTime(sts.metadata.creationTimestamp));
  w.line(0, 'Selector:', labelSelectorToString(sts.spec?.selector));
  writeMeta(w, sts, { name: false, namespace: false });
  w.line(0, 'Replicas:', `${sts.spec?.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total`);
  w.line(0, 'Update Strategy:', sts.spec?.updateStrategy?.type ?? 'RollingUpdate');
  if (sts.spec?.updateStrategy?.rollingUpdate?.partition !== undefined) w.line(1, 'Partition:', sts.spec.updateStrategy.rollingUpdate.partition);
  podsStatus(w, counts);
  writePodTemplate(w, sts.spec?.template);
  const claims = sts.spec?.volumeClaimTemplates ?? [];
  w.line(0, 'Volume Claims:', claims.length ? undefined : '<none>');
  for (const c of claims) {
    w.line(1, 'Name:', c.metadata?.name ?? '');
    w.line(1, 'StorageClass:', c.spec?.storageClassName ?? '');
    w.line(1, 'Capacity:', String(c.spec?.resources?.requests?.storage ?? ''));
    w.line(1, 'Access Modes:', (c.spec?.accessModes ?? []).join(','));
  }
  writeEvents(w, events, now);
  return w.text();
}

/** describeDaemonSet renders `describe daemonset`. */
export function describeDaemonSet(ds: DaemonSet, counts: PodCounts, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', ds.metadata.name);
  w.line(0, 'Selector:', labelSelectorToString(ds.spec?.selector));
  w.line(0, 'Node-Selector:', Object.entries(ds.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>');
  writeMeta(w, ds, { name: false, namespace: false });
  const s = ds.status;
  w.line(0, 'Desired Number of Nodes Scheduled:', s?.desiredNumberScheduled ?? 0);
  w.line(0, 'Current Number of Nodes Scheduled:', s?.currentNumberScheduled ?? 0);
  w.line(0, 'Number of Nodes Scheduled with Up-to-date Pods:', s?.updatedNumberScheduled ?? 0);
  w.line(0, 'Number of Nodes Scheduled with Available Pods:', s?.numberAvailable ?? 0);
  w.line(0, 'Number of Nodes Misscheduled:', s?.numberMisscheduled ?? 0);
  podsStatus(w, counts);
  writePodTemplate(w, ds.spec?.template);
  writeEvents(w, events, now);
  return w.text();
}

/** describeJob renders `describe job`. */
export function describeJob(job: Job, counts: PodCounts, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  writeMeta(w, job);
  w.line(0, 'Selector:', labelSelectorToString(job.spec?.selector));
  const owner = controlledBy(job);
  if (owner) w.line(0, 'Controlled By:', owner);
  w.line(0, 'Parallelism:', job.spec?.parallelism ?? 1);
  w.line(0, 'Completions:', job.spec?.completions ?? '<unset>');
  w.line(0, 'Completion Mode:', job.spec?.completionMode ?? 'NonIndexed');
  w.line(0, 'Suspend:', job.spec?.suspend ?? false);
  w.line(0, 'Backoff Limit:', job.spec?.backoffLimit ?? 6);
  if (job.status?.startTime) w.line(0, 'Start Time:', describeTime(job.status.startTime));
  if (job.status?.completionTime) {
    w.line(0, 'Completed At:', describeTime(job.status.completionTime));
    w.line(0, 'Duration:', `${Math.round((Date.parse(job.status.completionTime) - Date.parse(job.status.startTime ?? job.status.completionTime)) / 1000)}s`);
  }
  if (job.spec?.activeDeadlineSeconds) w.line(0, 'Active Deadline Seconds:', `${job.spec.activeDeadlineSeconds}s`);
  podsStatus(w, counts);
  writePodTemplate(w, job.spec?.template);
  writeEvents(w, events, now);
  return w.text();
}

/** describeCronJob renders `describe cronjob`. */
export function describeCronJob(cj: CronJob, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', cj.metadata.name);
  w.line(0, 'Namespace:', cj.metadata.namespace);
  writeMeta(w, cj, { name: false, namespace: false });
  w.line(0, 'Schedule:', cj.spec?.schedule ?? '');
  w.line(0, 'Concurrency Policy:', cj.spec?.concurrencyPolicy ?? 'Allow');
  w.line(0, 'Suspend:', cj.spec?.suspend ? 'True' : 'False');
  w.line(0, 'Successful Job History Limit:', cj.spec?.successfulJobsHistoryLimit ?? 3);
  w.line(0, 'Failed Job History Limit:', cj.spec?.failedJobsHistoryLimit ?? 1);
  w.line(0, 'Starting Deadline Seconds:', cj.spec?.startingDeadlineSeconds !== undefined ? `${cj.spec.startingDeadlineSeconds}s` : '<unset>');
  writePodTemplate(w, cj.spec?.jobTemplate?.spec?.template);
  w.line(0, 'Last Schedule Time:', cj.status?.lastScheduleTime ? describeTime(cj.status.lastScheduleTime) : '<unset>');
  w.line(0, 'Active Jobs:', (cj.status?.active ?? []).map((a) => a.name).join(', ') || '<none>');
  writeEvents(w, events, now);
  return w.text();
}
