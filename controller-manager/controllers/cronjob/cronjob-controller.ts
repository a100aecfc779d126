import { isAlreadyExists, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Clock, Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { getControllerOf, keyOf, newControllerRef, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { finishedCondition, type Job } from '../job/types.ts';
import { missedRuns, parseSchedule, type Schedule } from './schedule.ts';
import type { CronJob } from './types.ts';

/** CronJobController is the controller plus its sync for tests. */
export interface CronJobController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

interface Deps {
  cronJobs: Informer<CronJob>;
  jobs: Informer<Job>;
  cjClient: ResourceClient<CronJob>;
  jobClient: ResourceClient<Job>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  queue: RateLimitingQueue<string>;
}

/** ScheduledTimestampAnnotation records on each Job the schedule time it ran for. */
export const ScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** jobNameFor is `<cronjob>-<scheduled time in minutes since the epoch>`, as in Kubernetes. */
export function jobNameFor(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / 60_000)}`;
}

/** newCronJobController builds the CronJob controller (Kubernetes' cronjob controller v2). */
export function newCronJobController(ctx: ControllerContext): CronJobController {
  const d: Deps = {
    cronJobs: ctx.informers.informerFor<CronJob>(Resources.cronjobs),
    jobs: ctx.informers.informerFor<Job>(Resources.jobs),
    cjClient: ctx.client.resource<CronJob>(Resources.cronjobs),
    jobClient: ctx.client.resource<Job>(Resources.jobs),
    recorder: ctx.recorder('cronjob-controller'),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: 'cronjob' }),
    queue: newQueue<string>(),
  };
  d.cronJobs.addEventHandler({
    add: (c) => d.queue.add(keyOf(c)),
    update: (o, n) => void (!sameResourceVersion(o, n) && d.queue.add(keyOf(n))),
  });
  const toOwner = (j: Job) => {
    const ref = getControllerOf(j);
    if (ref?.kind === 'CronJob') d.queue.add(`${j.metadata.namespace}/${ref.name}`);
  };
  d.jobs.addEventHandler({ add: toOwner, update: (o, n) => void (!sameResourceVersion(o, n) && toOwner(n)), delete: (j) => toOwner(unwrapTombstone(j)) });
  const sync = (key: string) => syncCronJob(d, key);
  return {
    name: 'cronjob',
    sync,
    queue: d.queue,
    run: (signal) => runQueueController({ queue: d.queue, sync, informers: [d.cronJobs, d.jobs], workers: ctx.options.concurrentSyncs.cronjob ?? 5, signal, logger: d.logger }),
  };
}

async function syncCronJob(d: Deps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const cached = d.cronJobs.lister.get(namespace, name);
  if (!cached) return;
  const cj = structuredClone(cached);
  const jobs = d.jobs.lister.list(namespace).filter((j) => getControllerOf(j)?.uid === cj.metadata.uid);
  const before = canonical(cj.status ?? {});
  reconcileActive(d, cj, jobs);
  if (!cj.metadata.deletionTimestamp) {
    await cleanupHistory(d, cj, jobs);
    const schedule = parseOrWarn(d, cj);
    if (schedule) await maybeRun(d, key, cj, jobs, schedule);
  }
  if (canonical(cj.status ?? {}) !== before) await d.cjClient.updateStatus(cj);
}

/** reconcileActive drops finished/vanished jobs from status.active and records completions. */
function reconcileActive(d: Deps, cj: CronJob, jobs: Job[]): void {
  const byUid = new Map(jobs.map((j) => [j.metadata.uid, j]));
  const active = [];
  for (const ref of cj.status?.active ?? []) {
    const j = byUid.get(ref.uid);
    if (!j) continue;
    const done = finishedCondition(j);
    if (!done) {
      active.push(ref);
      continue;
    }
    d.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${done.type}`);
    if (done.type === 'Complete' && j.status?.completionTime) {
      const last = cj.status?.lastSuccessfulTime;
      if (!last || Date.parse(last) < Date.parse(j.status.completionTime)) cj.status = { ...cj.status, lastSuccessfulTime: j.status.completionTime };
    }
  }
  // Unfinished jobs we own but do not list (e.g. a status write was lost) are active too.
  for (const j of jobs) {
    if (!finishedCondition(j) && !active.some((r) => r.uid === j.metadata.uid)) active.push(refOf(j));
  }
  cj.status = { ...cj.status, active };
  if (active.length === 0) delete cj.status.active;
}

function refOf(j: Job) {
  return { apiVersion: 'batch/v1', kind: 'Job', namespace: j.metadata.namespace, name: j.metadata.name, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion };
}

function parseOrWarn(d: Deps, cj: CronJob): Schedule | undefined {
  try {
    return parseSchedule(cj.spec?.schedule ?? '', cj.spec?.timeZone);
  } catch (err) {
    d.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${cj.spec?.schedule}" : ${(err as Error).message}`);
    return undefined;
  }
}

async function cleanupHistory(d: Deps, cj: CronJob, jobs: Job[]): Promise<void> {
  const limits = { Complete: cj.spec?.successfulJobsHistoryLimit ?? 3, Failed: cj.spec?.failedJobsHistoryLimit ?? 1 };
  for (const type of ['Complete', 'Failed'] as const) {
    const done = jobs.filter((j) => finishedCondition(j)?.type === type && !j.metadata.deletionTimestamp);
    const start = (j: Job) => Date.parse(j.status?.startTime ?? j.metadata.creationTimestamp ?? '') || 0;
    done.sort((a, b) => start(a) - start(b));
    for (const j of done.slice(0, Math.max(0, done.length - limits[type]))) await deleteJob(d, cj, j);
  }
}

async function deleteJob(d: Deps, cj: CronJob, j: Job): Promise<void> {
  try {
    await d.jobClient.delete(j.metadata.namespace, j.metadata.name ?? '', { propagationPolicy: 'Background' });
    d.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** maybeRun starts the Job of the most recent missed schedule time, honouring deadline and concurrency policy. */
async function maybeRun(d: Deps, key: string, cj: CronJob, jobs: Job[], schedule: Schedule): Promise<void> {
  const now = d.clock.now();
  const requeue = () => d.queue.addAfter(key, Math.max(100, schedule.next(now) - now + 100));
  if (cj.spec?.suspend) return;
  const sds = cj.spec?.startingDeadlineSeconds;
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now;
  if (sds !== undefined) earliest = Math.max(earliest, now - sds * 1000);
  const { mostRecent, count } = missedRuns(schedule, earliest, now);
  if (count > 100) {
    d.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
  }
  if (mostRecent === undefined) return requeue();
  if (sds !== undefined && mostRecent + sds * 1000 < now) {
    d.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${iso(mostRecent)}`);
    return requeue();
  }
  const jobName = jobNameFor(cj, mostRecent);
  if (jobs.some((j) => j.metadata.name === jobName)) return requeue();
  const active = cj.status?.active ?? [];
  if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length) {
    d.logger.info({ cronjob: key }, 'not starting job because prior execution is still running and concurrency policy is Forbid');
    return requeue();
  }
  if (cj.spec?.concurrencyPolicy === 'Replace') {
    for (const ref of active) {
      const j = jobs.find((x) => x.metadata.uid === ref.uid);
      if (j) await deleteJob(d, cj, j);
    }
    cj.status = { ...cj.status, active: [] };
  }
  const created = await createJob(d, cj, jobName, mostRecent);
  cj.status = { ...cj.status, active: [...(cj.status?.active ?? []), ...(created ? [refOf(created)] : [])], lastScheduleTime: iso(mostRecent) };
  if (!cj.status.active?.length) delete cj.status.active;
  requeue();
}

async function createJob(d: Deps, cj: CronJob, name: string, scheduled: number): Promise<Job | undefined> {
  const t = structuredClone(cj.spec!.jobTemplate);
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: t.metadata?.labels ?? {},
      annotations: { ...t.metadata?.annotations, [ScheduledTimestampAnnotation]: iso(scheduled) },
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: t.spec,
  };
  try {
    const created = await d.jobClient.create(cj.metadata.namespace, job);
    d.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
    return created;
  } catch (err) {
    // Created already (by us before a lost status write): the next sync lists it as active.
    if (isAlreadyExists(err)) return undefined;
    d.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
    throw err;
  }
}
