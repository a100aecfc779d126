import type { Pod } from '../../../api/core/v1/pod.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { Condition } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Clock, Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { claimChildren, ownerStillExists } from '../../util/claim.ts';
import { Expectations } from '../../util/expectations.ts';
import { getControllerOf, keyOf, newControllerRef, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { isPodReady, isPodTerminal, podsToDelete } from '../../util/pod.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { selectorMatcher } from '../../util/selector.ts';
import { slowStartBatch } from '../../util/slow-start.ts';
import { backoffDelay, failureCount, finishedAt, indexOf, jobSelector, newJobPod } from './job-pods.ts';
import { finishedCondition, type Job, type JobStatus } from './types.ts';

/** JobController is the controller plus what tests poke at. */
export interface JobController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
  expectations: Expectations;
}

interface Deps {
  jobs: Informer<Job>;
  pods: Informer<Pod>;
  jobClient: ResourceClient<Job>;
  podClient: ResourceClient<Pod>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  queue: RateLimitingQueue<string>;
  expectations: Expectations;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** newJobController builds the Job controller. */
export function newJobController(ctx: ControllerContext): JobController {
  const d: Deps = {
    jobs: ctx.informers.informerFor<Job>(Resources.jobs),
    pods: ctx.informers.informerFor<Pod>(Resources.pods),
    jobClient: ctx.client.resource<Job>(Resources.jobs),
    podClient: ctx.client.resource<Pod>(Resources.pods),
    recorder: ctx.recorder('job-controller'),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: 'job' }),
    queue: newQueue<string>(),
    expectations: new Expectations(ctx.clock),
  };
  const owner = (p: Pod) => {
    const ref = getControllerOf(p);
    if (ref?.kind !== 'Job') return undefined;
    const j = d.jobs.lister.get(p.metadata.namespace, ref.name);
    return j?.metadata.uid === ref.uid ? j : undefined;
  };
  d.jobs.addEventHandler({
    add: (j) => d.queue.add(keyOf(j)),
    update: (o, n) => void (!sameResourceVersion(o, n) && d.queue.add(keyOf(n))),
    delete: (o) => {
      d.expectations.delete(keyOf(unwrapTombstone(o)));
      d.queue.add(keyOf(unwrapTombstone(o)));
    },
  });
  d.pods.addEventHandler({
    add: (p) => {
      const j = owner(p);
      if (!j) return;
      d.expectations.creationObserved(keyOf(j));
      d.queue.add(keyOf(j));
    },
    update: (o, p) => {
      if (sameResourceVersion(o, p)) return;
      const j = owner(p);
      if (!j) return;
      if (p.metadata.deletionTimestamp && !o.metadata.deletionTimestamp) d.expectations.deletionObserved(keyOf(j), keyOf(p));
      d.queue.add(keyOf(j));
    },
    delete: (x) => {
      const p = unwrapTombstone(x);
      const j = owner(p);
      if (!j) return;
      d.expectations.deletionObserved(keyOf(j), keyOf(p));
      d.queue.add(keyOf(j));
    },
  });
  const sync = (key: string) => syncJob(d, key);
  return {
    name: 'job',
    sync,
    queue: d.queue,
    expectations: d.expectations,
    run: (signal) => runQueueController({ queue: d.queue, sync, informers: [d.jobs, d.pods], workers: ctx.options.concurrentSyncs.job ?? 5, signal, logger: d.logger }),
  };
}

/** syncJob reconciles one Job (Kubernetes' syncJob, counting from pods). */
async function syncJob(d: Deps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const cached = d.jobs.lister.get(namespace, name);
  if (!cached) {
    d.expectations.delete(key);
    return;
  }
  if (finishedCondition(cached) || cached.metadata.deletionTimestamp) return;
  const job = structuredClone(cached);
  const now = d.clock.now();
  const all = await claimChildren(d.pods.lister.list(namespace), {
    owner: job,
    ownerRef: newControllerRef(job, 'batch/v1', 'Job'),
    matches: selectorMatcher(jobSelector(job)),
    children: d.podClient,
    canAdopt: ownerStillExists(() => d.jobClient.get(namespace, name), job.metadata.uid),
  });
  const active = all.filter((p) => !isPodTerminal(p) && !p.metadata.deletionTimestamp);
  const succeededPods = all.filter((p) => p.status?.phase === 'Succeeded');
  const { failedPods, restarts } = failureCount(job, all);
  const status: JobStatus = structuredClone(job.status ?? {});
  status.startTime ??= iso(now);
  status.succeeded = Math.max(status.succeeded ?? 0, succeededPods.length);
  status.failed = Math.max(status.failed ?? 0, failedPods);
  const failure = failureReason(job, status, restarts, now);
  let activeCount = active.length;
  if (failure) {
    await deletePods(d, job, active);
    activeCount = 0;
    d.recorder.event(job, 'Warning', failure.reason, failure.message);
    setFinished(status, 'Failed', failure.reason, failure.message, now);
  } else if (isComplete(job, status, activeCount, succeededPods)) {
    status.completionTime = iso(now);
    setFinished(status, 'Complete', '', '', now);
    d.recorder.event(job, 'Normal', 'Completed', 'Job completed');
  } else if (d.expectations.satisfied(key) && !job.spec?.suspend) {
    activeCount += await manageJob(d, key, job, active, succeededPods, status.failed, all, now);
  } else if (job.spec?.suspend && active.length) {
    await deletePods(d, job, active);
    activeCount = 0;
  }
  status.active = activeCount;
  status.ready = active.filter(isPodReady).length;
  if (job.spec?.completionMode === 'Indexed') status.completedIndexes = compress(succeededPods.map(indexOf).filter((i): i is number => i !== undefined));
  await writeStatus(d, job, status);
  const ads = job.spec?.activeDeadlineSeconds;
  if (!failure && ads !== undefined) d.queue.addAfter(key, Math.max(0, Date.parse(status.startTime) + ads * 1000 - now) + 500);
}

function failureReason(job: Job, s: JobStatus, restarts: number, now: number): { reason: string; message: string } | undefined {
  const ads = job.spec?.activeDeadlineSeconds;
  if (ads !== undefined && s.startTime && Date.parse(s.startTime) + ads * 1000 <= now) {
    return { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  }
  const limit = job.spec?.backoffLimit ?? 6;
  const onFailureExceeded = job.spec?.template?.spec.restartPolicy === 'OnFailure' && (limit === 0 ? restarts > 0 : restarts >= limit);
  if ((s.failed ?? 0) > limit || onFailureExceeded) {
    return { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  }
  return undefined;
}

function isComplete(job: Job, s: JobStatus, active: number, succeeded: Pod[]): boolean {
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null) return (s.succeeded ?? 0) > 0 && active === 0;
  if (job.spec?.completionMode === 'Indexed') return new Set(succeeded.map(indexOf)).size >= completions;
  return (s.succeeded ?? 0) >= completions;
}

function setFinished(s: JobStatus, type: 'Complete' | 'Failed', reason: string, message: string, now: number): void {
  const c: Condition = { type, status: 'True', lastProbeTime: iso(now), lastTransitionTime: iso(now), ...(reason ? { reason, message } : {}) };
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== type), c];
}

/** manageJob creates or deletes pods towards the wanted parallelism; returns the change in active pods. */
async function manageJob(d: Deps, key: string, job: Job, active: Pod[], succeeded: Pod[], failures: number, all: Pod[], now: number): Promise<number> {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  const done = succeeded.length;
  const want = completions === undefined || completions === null ? (done > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, completions - done));
  if (active.length > want) {
    const victims = podsToDelete(active, active, active.length - want);
    await deletePods(d, job, victims);
    return -victims.length;
  }
  if (active.length >= want) return 0;
  // Back off after failures: 10 s doubling per failure, capped at 6 minutes, from the last one.
  const lastFailure = Math.max(0, ...all.filter((p) => p.status?.phase === 'Failed').map(finishedAt));
  const wait = lastFailure + backoffDelay(failures) - now;
  if (failures > 0 && wait > 0) {
    d.queue.addAfter(key, wait);
    return 0;
  }
  const indexes = job.spec?.completionMode === 'Indexed' ? pendingIndexes(completions ?? 0, active, succeeded) : undefined;
  const count = Math.min(want - active.length, indexes?.length ?? Number.MAX_SAFE_INTEGER, 500);
  d.expectations.expectCreations(key, count);
  const { attempted, successes, error } = await slowStartBatch(count, 1, async (i) => {
    try {
      const pod = await d.podClient.create(job.metadata.namespace, newJobPod(job, indexes?.[i]));
      d.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      d.expectations.creationObserved(key);
      d.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  });
  for (let i = attempted; i < count; i++) d.expectations.creationObserved(key);
  if (error) throw error;
  return successes;
}

function pendingIndexes(completions: number, active: Pod[], succeeded: Pod[]): number[] {
  const taken = new Set([...active, ...succeeded].map(indexOf));
  return Array.from({ length: completions }, (_, i) => i).filter((i) => !taken.has(i));
}

/** compress renders indexes like Kubernetes' completedIndexes ("1,3-5,7"). */
export function compress(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j;
  }
  return parts.join(',');
}

async function deletePods(d: Deps, job: Job, pods: Pod[]): Promise<void> {
  const key = keyOf(job);
  d.expectations.expectDeletions(key, pods.map(keyOf));
  await Promise.all(
    pods.map(async (p) => {
      try {
        await d.podClient.delete(p.metadata.namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
        d.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (err) {
        d.expectations.deletionObserved(key, keyOf(p));
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }),
  );
}

async function writeStatus(d: Deps, job: Job, status: JobStatus): Promise<void> {
  if (canonical(job.status ?? {}) === canonical(status)) return;
  const next = structuredClone(job);
  next.status = status;
  await d.jobClient.updateStatus(next);
}
