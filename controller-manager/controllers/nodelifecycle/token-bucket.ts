import type { Clock } from '../../context.ts';

/** TokenBucket is a simple rate limiter on an injectable clock (qps tokens per second, burst). */
export class TokenBucket {
  #tokens: number;
  #last: number;
  #qps: number;
  readonly #burst: number;
  readonly #clock: Clock;

  constructor(qps: number, burst: number, clock: Clock) {
    this.#qps = qps;
    this.#burst = burst;
    this.#tokens = burst;
    this.#clock = clock;
    this.#last = clock.now();
  }

  /** setRate changes the rate (0 stops handing out tokens). */
  setRate(qps: number): void {
    this.#refill();
    this.#qps = qps;
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#qps);
    this.#last = now;
  }

  /** tryAccept takes a token if one is available. */
  tryAccept(): boolean {
    this.#refill();
    if (this.#qps <= 0 || this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
