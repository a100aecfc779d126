import type { Informer, RateLimitingQueue, SyncFunc } from '../../client/types.ts';
import { createRateLimitingQueue } from '../../client/workqueue.ts';
import { runWorkers } from '../../client/worker.ts';
import type { Logger } from '../../component-base/logger.ts';

/**
 * waitForSync resolves true once every informer has synced (polling hasSynced), false if the
 * signal aborts first. Workers must not start before (design §3.2).
 */
export async function waitForSync(informers: Array<Pick<Informer<never>, 'hasSynced'>>, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    if (informers.every((i) => i.hasSynced())) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** newQueue creates the controller's rate-limited work queue. */
export function newQueue<K = string>(): RateLimitingQueue<K> {
  return createRateLimitingQueue<K>();
}

/**
 * runQueueController is the run() of every queue-driven controller: wait for caches, run
 * `workers` workers on sync until the signal aborts, then shut the queue down.
 */
export async function runQueueController<K>(opts: {
  queue: RateLimitingQueue<K>;
  sync: SyncFunc<K>;
  informers: Array<Pick<Informer<never>, 'hasSynced'>>;
  workers: number;
  signal: AbortSignal;
  logger: Logger;
  /** extra loops (periodic monitors) started after the caches synced. */
  extra?: Array<(signal: AbortSignal) => Promise<void>>;
}): Promise<void> {
  const { queue, signal, logger } = opts;
  const onAbort = () => queue.shutDown();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (!(await waitForSync(opts.informers, signal))) return;
    logger.info('caches synced, starting workers');
    await Promise.all([
      runWorkers(queue, opts.sync, { workers: opts.workers, signal, logger }),
      ...(opts.extra ?? []).map((loop) => loop(signal)),
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    queue.shutDown();
  }
}

/** every runs fn each periodMs until the signal aborts; errors are logged and do not stop the loop. */
export async function every(periodMs: number, signal: AbortSignal, logger: Logger, fn: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    try {
      await fn();
    } catch (err) {
      logger.error({ err }, 'periodic task failed');
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, periodMs);
      signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
}
