import type { Clock } from '../client/clock.ts';

/** BackoffOptions tune a Backoff: Kubernetes uses 10 s doubling to 5 min, reset after 10 min. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** resetAfterMs forgets a key whose last failure is older than this (or that ran this long). */
  resetAfterMs?: number;
}

/**
 * Backoff is the kubelet's per-key restart/pull backoff (client-go's flowcontrol.Backoff as the
 * kubelet uses it): the first failure restarts at once and starts a 10 s window; each failure
 * inside its window doubles the next one up to the max; a key idle past resetAfterMs starts over.
 */
export class Backoff {
  readonly #clock: Clock;
  readonly #initial: number;
  readonly #max: number;
  readonly #reset: number;
  readonly #entries = new Map<string, { delayMs: number; since: number }>();

  constructor(clock: Clock, opts: BackoffOptions = {}) {
    this.#clock = clock;
    this.#initial = opts.initialMs ?? 10_000;
    this.#max = opts.maxMs ?? 300_000;
    this.#reset = opts.resetAfterMs ?? 600_000;
  }

  /** remainingMs is how long `key` must still wait after an event at `sinceMs` (0 = go). */
  remainingMs(key: string, sinceMs: number): number {
    const e = this.#entries.get(key);
    if (!e) return 0;
    if (this.#clock.now() - e.since > this.#reset) {
      this.#entries.delete(key);
      return 0;
    }
    return Math.max(0, sinceMs + e.delayMs - this.#clock.now());
  }

  /** next records one more failure of `key`, growing its window; returns the new window. */
  next(key: string): number {
    const now = this.#clock.now();
    const e = this.#entries.get(key);
    if (!e || now - e.since > this.#reset) {
      this.#entries.set(key, { delayMs: this.#initial, since: now });
      return this.#initial;
    }
    e.delayMs = Math.min(e.delayMs * 2, this.#max);
    e.since = now;
    return e.delayMs;
  }

  /** currentMs is the current window of `key` (0 when none). */
  currentMs(key: string): number {
    return this.#entries.get(key)?.delayMs ?? 0;
  }

  /** reset forgets `key` (e.g. a container that ran long enough). */
  reset(key: string): void {
    this.#entries.delete(key);
  }

  /** forgetPrefix drops every key starting with prefix (a deleted pod). */
  forgetPrefix(prefix: string): void {
    for (const k of this.#entries.keys()) if (k.startsWith(prefix)) this.#entries.delete(k);
  }
}
