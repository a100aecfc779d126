/**
 * runWorkers is the one generic controller loop (design §3.1, sample-controller's
 * processNextWorkItem): get a key → sync → forget on success / addRateLimited on error →
 * always done. Aborting the signal shuts the queue down; workers finish the key in hand and exit.
 */
import type { Logger } from 'pino';
import type { RateLimitingQueue, SyncFunc } from './types.ts';

/** WorkerOptions: how many concurrent workers, what stops them, where errors are logged. */
export interface WorkerOptions {
  workers: number;
  signal: AbortSignal;
  logger: Logger;
}

/** runWorkers runs `workers` loops over the queue until the signal aborts; resolves when all exit. */
export async function runWorkers<K>(queue: RateLimitingQueue<K>, sync: SyncFunc<K>, opts: WorkerOptions): Promise<void> {
  const stop = () => queue.shutDown();
  if (opts.signal.aborted) stop();
  opts.signal.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, () => workerLoop(queue, sync, opts)));
  } finally {
    opts.signal.removeEventListener('abort', stop);
  }
}

async function workerLoop<K>(queue: RateLimitingQueue<K>, sync: SyncFunc<K>, opts: WorkerOptions): Promise<void> {
  for (;;) {
    const next = await queue.get();
    if (next.shutdown) return;
    const key = next.item;
    try {
      // After shutdown the queue still hands out what it holds; skip it rather than sync late.
      if (opts.signal.aborted) continue;
      await sync(key);
      queue.forget(key);
    } catch (err) {
      opts.logger.error({ err, key, requeues: queue.numRequeues(key) }, 'sync failed; requeueing with backoff');
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
