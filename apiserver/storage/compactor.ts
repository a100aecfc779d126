/**
 * The periodic compactor: etcd keeps every revision until compacted, so the API server discards
 * history older than the newest `keepRevisions` revisions every interval. Watchers resuming from
 * older revisions then get 410 Gone and relist, as in Kubernetes. Several API servers may each
 * run one: compacting an already-compacted revision is a no-op.
 */
import { silentLogger, type Logger } from '../../component-base/logger.ts';
import type { Storage } from './types.ts';

/** Compactor is a running periodic compactor. */
export interface Compactor {
  /** compactNow runs one round at once (tests, shutdown); resolves to the revision compacted to, or 0. */
  compactNow(): Promise<number>;
  stop(): Promise<void>;
}

/** startCompactor compacts storage to (current revision - keepRevisions) every intervalMs. */
export function startCompactor(storage: Storage, intervalMs: number, keepRevisions: number, logger?: Logger): Compactor {
  const log = (logger ?? silentLogger()).child({ component: 'compactor' });
  let last = 0;
  let inFlight: Promise<number> | undefined;

  async function round(): Promise<number> {
    const target = (await storage.currentRevision()) - keepRevisions;
    if (target <= last) return 0;
    await storage.compact(target);
    last = target;
    log.debug({ revision: target }, 'compacted');
    return target;
  }

  const compactNow = (): Promise<number> => {
    // One round at a time: a slow etcd must not pile up compactions.
    inFlight ??= round().finally(() => (inFlight = undefined));
    return inFlight;
  };

  const timer = setInterval(() => {
    compactNow().catch((err: unknown) => log.warn({ err }, 'compaction failed; will retry'));
  }, intervalMs);
  timer.unref();

  return {
    compactNow,
    async stop() {
      clearInterval(timer);
      await inFlight?.catch(() => undefined);
    },
  };
}
