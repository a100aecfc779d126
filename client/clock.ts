/**
 * Clock is the time source of the work queue, informer resync, leader election and rate
 * limiters, injectable so unit tests drive time by hand (client/fake/fake-clock.ts).
 */
export interface Clock {
  /** now is milliseconds since the epoch. */
  now(): number;
  /** setTimeout calls fn after ms; returns a handle for clearTimeout. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** realClock is the wall clock with Node timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * monotonicClock measures with performance.now() (CLOCK_MONOTONIC: keeps running while the
 * process is SIGSTOPped, never steps back with NTP). Its now() is not epoch time: use it for
 * durations and deadlines (leader election), not for timestamps written to objects.
 */
export const monotonicClock: Clock = {
  now: () => performance.now(),
  setTimeout: realClock.setTimeout,
  clearTimeout: realClock.clearTimeout,
};

/** sleep waits ms on a clock; resolves early (without throwing) when the signal aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clock.clearTimeout(handle);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const handle = clock.setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
