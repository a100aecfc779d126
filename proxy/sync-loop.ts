/**
 * SyncLoop runs an async sync function whenever it is triggered, coalescing bursts of triggers
 * (informer events) into one run after `delayMs`, never running two syncs at once, and retrying
 * after a failure so a transient error (a failed `ip` call) heals by itself.
 */
export class SyncLoop {
  #sync: () => Promise<void>;
  #delayMs: number;
  #retryMs: number;
  #timer?: NodeJS.Timeout;
  #running = false;
  #again = false;
  #stopped = false;
  #onError: (err: unknown) => void;

  constructor(sync: () => Promise<void>, opts: { delayMs?: number; retryMs?: number; onError?: (err: unknown) => void } = {}) {
    this.#sync = sync;
    this.#delayMs = opts.delayMs ?? 50;
    this.#retryMs = opts.retryMs ?? 1000;
    this.#onError = opts.onError ?? (() => undefined);
  }

  /** trigger asks for a sync soon. */
  trigger(delayMs = this.#delayMs): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (!this.#timer) this.#timer = setTimeout(() => void this.#run(), delayMs);
  }

  /** stop cancels pending runs. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#running = true;
    let failed = false;
    try {
      await this.#sync();
    } catch (err) {
      failed = true;
      this.#onError(err);
    } finally {
      this.#running = false;
    }
    if (this.#again || failed) {
      this.#again = false;
      this.trigger(failed ? this.#retryMs : this.#delayMs);
    }
  }
}
