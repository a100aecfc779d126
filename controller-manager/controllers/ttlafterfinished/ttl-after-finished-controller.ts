import { isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, splitKey } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { finishedCondition, type Job } from '../job/types.ts';

/** TTLAfterFinishedController is the controller plus its sync for tests. */
export interface TTLAfterFinishedController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/**
 * newTTLAfterFinishedController deletes finished Jobs (and, through the garbage collector,
 * their pods) ttlSecondsAfterFinished after their Complete/Failed condition.
 */
export function newTTLAfterFinishedController(ctx: ControllerContext): TTLAfterFinishedController {
  const jobs = ctx.informers.informerFor<Job>(Resources.jobs);
  const client = ctx.client.resource<Job>(Resources.jobs);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'ttl-after-finished' });
  const interesting = (j: Job) => j.spec?.ttlSecondsAfterFinished !== undefined && !!finishedCondition(j) && !j.metadata.deletionTimestamp;
  jobs.addEventHandler({
    add: (j) => void (interesting(j) && queue.add(keyOf(j))),
    update: (_o, j) => void (interesting(j) && queue.add(keyOf(j))),
  });
  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const job = jobs.lister.get(namespace, name);
    if (!job || !interesting(job)) return;
    const c = finishedCondition(job)!;
    const finished = Date.parse(c.lastTransitionTime ?? job.status?.completionTime ?? '') || ctx.clock.now();
    const expireAt = finished + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000;
    const now = ctx.clock.now();
    if (expireAt > now) return queue.addAfter(key, expireAt - now);
    try {
      await client.delete(namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } });
      logger.info({ job: key }, 'deleted finished job after its TTL');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  return {
    name: 'ttl-after-finished',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [jobs], workers: ctx.options.concurrentSyncs['ttl-after-finished'] ?? 5, signal, logger }),
  };
}
