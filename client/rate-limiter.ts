/**
 * Rate limiters shared by the work queue and the REST client: a token bucket (qps refill,
 * burst capacity, reservations that may go negative like golang.org/x/time/rate) and the
 * per-item exponential backoff of client-go's workqueue.
 */
import type { Clock } from './clock.ts';
import { realClock, sleep } from './clock.ts';

/** TokenBucket allows `burst` at once and `qps` per second sustained. */
export class TokenBucket {
  #tokens: number;
  #last: number;
  readonly qps: number;
  readonly burst: number;
  readonly clock: Clock;

  constructor(qps: number, burst: number, clock: Clock = realClock) {
    this.qps = qps;
    this.burst = Math.max(1, burst);
    this.clock = clock;
    this.#tokens = this.burst;
    this.#last = clock.now();
  }

  #refill(): void {
    const now = this.clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.qps);
    this.#last = now;
  }

  /** reserve takes one token now and returns how many ms the caller must wait before using it. */
  reserve(): number {
    if (this.qps <= 0) return 0;
    this.#refill();
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.qps) * 1000);
  }

  /** wait reserves a token and sleeps until it may be used (or the signal aborts). */
  async wait(signal?: AbortSignal): Promise<void> {
    const delay = this.reserve();
    if (delay > 0) await sleep(this.clock, delay, signal);
  }
}

/** ItemBackoff is client-go's ItemExponentialFailureRateLimiter: base·2^failures, capped. */
export class ItemBackoff<K> {
  #failures = new Map<K, number>();
  readonly baseMs: number;
  readonly maxMs: number;

  constructor(baseMs: number, maxMs: number) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
  }

  /** when returns the delay for the item's next retry and counts the failure. */
  when(item: K): number {
    const n = this.#failures.get(item) ?? 0;
    this.#failures.set(item, n + 1);
    return Math.min(this.baseMs * 2 ** n, this.maxMs);
  }

  forget(item: K): void {
    this.#failures.delete(item);
  }

  numRequeues(item: K): number {
    return this.#failures.get(item) ?? 0;
  }
}
