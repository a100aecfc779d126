/**
 * Channel is an unbounded async queue consumed as an AsyncIterable: producers push, one
 * consumer iterates. Used for fake watch streams and anywhere events cross from callbacks to
 * `for await`.
 */
export class Channel<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #waiter: (() => void) | undefined;
  #closed = false;
  #error: unknown;

  /** push enqueues a value; ignored after close. */
  push(value: T): void {
    if (this.#closed) return;
    this.#items.push(value);
    this.#wake();
  }

  /** close ends the stream after the queued values; with an error, iteration throws it. */
  close(error?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    this.#wake();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        if (this.#items.length > 0) {
          yield this.#items.shift() as T;
          continue;
        }
        if (this.#closed) {
          if (this.#error !== undefined) throw this.#error;
          return;
        }
        await new Promise<void>((resolve) => (this.#waiter = resolve));
      }
    } finally {
      // The consumer stopped (break/return): drop anything left so producers see it closed.
      this.#closed = true;
      this.#items = [];
    }
  }
}
