/**
 * PodWorkers run one sync loop per pod (the kubelet's podWorkers): a pod is never synced twice
 * at once; updates arriving during a sync collapse into one more pass; a pass can ask to be
 * run again after a delay (backoff end); a failed pass retries with a growing delay.
 */
import type { Clock } from '../client/clock.ts';
import type { Logger } from '../component-base/logger.ts';

/** PodSyncFn syncs the pod with this uid; returns when to run again, if ever. */
export type PodSyncFn = (uid: string) => Promise<{ requeueAfterMs?: number }>;

interface WorkerState {
  busy: boolean;
  pending: boolean;
  timer?: unknown;
  failures: number;
  /** forgotten is set when forget() came while the worker was busy: drop it once idle. */
  forgotten?: boolean;
}

/** PodWorkers: see the file comment. */
export class PodWorkers {
  readonly #sync: PodSyncFn;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #workers = new Map<string, WorkerState>();
  #idleWaiters: Array<() => void> = [];
  #stopped = false;

  constructor(sync: PodSyncFn, clock: Clock, log: Logger) {
    this.#sync = sync;
    this.#clock = clock;
    this.#log = log;
  }

  /** enqueue asks for a sync of `uid` as soon as its worker is free. */
  enqueue(uid: string): void {
    if (this.#stopped) return;
    let w = this.#workers.get(uid);
    if (!w) this.#workers.set(uid, (w = { busy: false, pending: false, failures: 0 }));
    w.pending = true;
    w.forgotten = false;
    if (!w.busy) void this.#run(uid, w);
  }

  /** enqueueAfter schedules a sync of `uid` (replacing an earlier scheduled one). */
  enqueueAfter(uid: string, ms: number): void {
    const w = this.#workers.get(uid);
    if (!w) return;
    this.#clock.clearTimeout(w.timer);
    w.timer = this.#clock.setTimeout(() => {
      w.timer = undefined;
      this.enqueue(uid);
    }, ms);
  }

  /** forget drops a pod's worker once its pod is gone and cleaned up. */
  forget(uid: string): void {
    const w = this.#workers.get(uid);
    if (!w) return;
    this.#clock.clearTimeout(w.timer);
    if (!w.busy) this.#workers.delete(uid);
    else w.forgotten = true;
  }

  /** stop refuses new work, cancels scheduled syncs and waits for running ones. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const w of this.#workers.values()) {
      this.#clock.clearTimeout(w.timer);
      w.pending = false;
    }
    await this.idle();
  }

  /** uids lists the pods with a worker. */
  uids(): string[] {
    return [...this.#workers.keys()];
  }

  /** idle resolves when no worker is syncing (tests). */
  idle(): Promise<void> {
    if (![...this.#workers.values()].some((w) => w.busy || w.pending)) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.push(r));
  }

  async #run(uid: string, w: WorkerState): Promise<void> {
    w.busy = true;
    while (w.pending && !this.#stopped) {
      w.pending = false;
      try {
        const r = await this.#sync(uid);
        w.failures = 0;
        if (r.requeueAfterMs !== undefined) this.enqueueAfter(uid, r.requeueAfterMs);
      } catch (err) {
        w.failures++;
        const delay = Math.min(500 * 2 ** (w.failures - 1), 30_000);
        this.#log.warn({ err, pod: uid, retryInMs: delay }, 'pod sync failed');
        this.enqueueAfter(uid, delay);
      }
    }
    w.busy = false;
    if (w.forgotten && !w.pending) this.#workers.delete(uid);
    if (![...this.#workers.values()].some((x) => x.busy || x.pending)) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const r of waiters) r();
    }
  }
}
