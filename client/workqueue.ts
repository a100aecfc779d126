/**
 * The rate-limiting work queue, with client-go's semantics (util/workqueue):
 * - dirty/processing sets: an item is queued at most once, never handed to two workers at once;
 *   an add while it is processed is queued again (once) when done() is called;
 * - addAfter delays an add (the earliest pending time wins);
 * - addRateLimited waits max(per-item exponential backoff, overall token bucket);
 * - shutDown stops accepting adds; get() still hands out what is queued, then reports shutdown;
 *   shutDownWithDrain also waits for items being processed to be done.
 * Items are compared with Map/Set identity: use strings (namespace/name keys) or numbers.
 */
import type { RateLimitingQueue } from './types.ts';
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';
import { ItemBackoff, TokenBucket } from './rate-limiter.ts';

/** QueueOptions tune the rate limiter; defaults are client-go's DefaultControllerRateLimiter. */
export interface QueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  qps?: number;
  burst?: number;
  clock?: Clock;
}

/** createRateLimitingQueue builds a RateLimitingQueue; see the file comment for semantics. */
export function createRateLimitingQueue<K = string>(opts: QueueOptions = {}): RateLimitingQueue<K> {
  return new WorkQueue<K>(opts);
}

class WorkQueue<K> implements RateLimitingQueue<K> {
  #queue: K[] = [];
  #dirty = new Set<K>();
  #processing = new Set<K>();
  #waiting = new Map<K, { at: number; handle: unknown }>();
  #getters: Array<() => void> = [];
  #drainers: Array<() => void> = [];
  #shuttingDown = false;
  #clock: Clock;
  #backoff: ItemBackoff<K>;
  #bucket: TokenBucket;

  constructor(opts: QueueOptions) {
    this.#clock = opts.clock ?? realClock;
    this.#backoff = new ItemBackoff<K>(opts.baseDelayMs ?? 5, opts.maxDelayMs ?? 1_000_000);
    this.#bucket = new TokenBucket(opts.qps ?? 10, opts.burst ?? 100, this.#clock);
  }

  add(item: K): void {
    if (this.#shuttingDown || this.#dirty.has(item)) return;
    this.#dirty.add(item);
    if (this.#processing.has(item)) return;
    this.#queue.push(item);
    this.#getters.shift()?.();
  }

  addAfter(item: K, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) return this.add(item);
    const at = this.#clock.now() + delayMs;
    const prev = this.#waiting.get(item);
    if (prev && prev.at <= at) return;
    if (prev) this.#clock.clearTimeout(prev.handle);
    const handle = this.#clock.setTimeout(() => {
      this.#waiting.delete(item);
      this.add(item);
    }, delayMs);
    this.#waiting.set(item, { at, handle });
  }

  addRateLimited(item: K): void {
    // Both limiters are consulted (the bucket's reservation is taken) and the longer wait wins.
    const perItem = this.#backoff.when(item);
    const overall = this.#bucket.reserve();
    this.addAfter(item, Math.max(perItem, overall));
  }

  forget(item: K): void {
    this.#backoff.forget(item);
  }

  numRequeues(item: K): number {
    return this.#backoff.numRequeues(item);
  }

  async get(): Promise<{ item: K; shutdown: false } | { item?: undefined; shutdown: true }> {
    while (this.#queue.length === 0 && !this.#shuttingDown) {
      await new Promise<void>((resolve) => this.#getters.push(resolve));
    }
    if (this.#queue.length === 0) return { shutdown: true };
    const item = this.#queue.shift() as K;
    this.#processing.add(item);
    this.#dirty.delete(item);
    return { item, shutdown: false };
  }

  done(item: K): void {
    this.#processing.delete(item);
    if (this.#dirty.has(item)) {
      this.#queue.push(item);
      this.#getters.shift()?.();
    }
    if (this.#processing.size === 0) for (const d of this.#drainers.splice(0)) d();
  }

  len(): number {
    return this.#queue.length;
  }

  shutDown(): void {
    this.#shuttingDown = true;
    for (const w of this.#waiting.values()) this.#clock.clearTimeout(w.handle);
    this.#waiting.clear();
    for (const g of this.#getters.splice(0)) g();
  }

  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return;
    await new Promise<void>((resolve) => this.#drainers.push(resolve));
  }

  shuttingDown(): boolean {
    return this.#shuttingDown;
  }
}
