/**
 * A single-consumer push queue exposed as an AsyncIterable: producers push (never awaiting the
 * consumer), the consumer iterates. Used for watch streams in every Storage implementation and
 * for the watch cache's per-watcher queues.
 */

/** EventQueue is a push queue readable once as an AsyncIterable. */
export interface EventQueue<T> extends AsyncIterable<T> {
  /** push enqueues v; false when the queue is closed or full (force ignores the capacity). */
  push(v: T, force?: boolean): boolean;
  /** end closes the queue: buffered items are still read, then iteration ends (or throws err). */
  end(err?: unknown): void;
  /** size is the number of buffered items. */
  readonly size: number;
  /** closed tells whether end() was called or the consumer stopped reading. */
  readonly closed: boolean;
}

/** EventQueueOptions bound the queue and tie it to a signal. */
export interface EventQueueOptions {
  /** capacity bounds buffered items; push returns false beyond it (default unbounded). */
  capacity?: number;
  /** signal ends the queue cleanly (dropping buffered items) when aborted. */
  signal?: AbortSignal;
  /** onClose runs once when the queue closes for any reason (unsubscribe here). */
  onClose?: () => void;
}

/** createEventQueue makes an EventQueue. */
export function createEventQueue<T>(opts: EventQueueOptions = {}): EventQueue<T> {
  let items: T[] = [];
  let head = 0;
  let closed = false;
  let error: unknown;
  let hasError = false;
  let wake: (() => void) | undefined;
  let closedHookRan = false;

  const runOnClose = (): void => {
    if (closedHookRan) return;
    closedHookRan = true;
    opts.signal?.removeEventListener('abort', onAbort);
    opts.onClose?.();
  };
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const end = (err?: unknown): void => {
    if (closed) return;
    closed = true;
    if (err !== undefined) {
      error = err;
      hasError = true;
    }
    runOnClose();
    notify();
  };
  const onAbort = (): void => {
    items = [];
    head = 0;
    end();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  async function* iterate(): AsyncGenerator<T> {
    try {
      for (;;) {
        if (head < items.length) {
          const v = items[head] as T;
          items[head++] = undefined as T;
          // Compact now and then so a long-lived queue does not keep a growing array.
          if (head > 1024 && head * 2 > items.length) {
            items = items.slice(head);
            head = 0;
          }
          yield v;
          continue;
        }
        if (closed) {
          if (hasError) throw error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      // The consumer stopped (break/return/throw): nobody reads any more.
      closed = true;
      runOnClose();
    }
  }

  return {
    push(v: T, force = false): boolean {
      if (closed) return false;
      if (!force && opts.capacity !== undefined && items.length - head >= opts.capacity) return false;
      items.push(v);
      notify();
      return true;
    },
    end,
    get size() {
      return items.length - head;
    },
    get closed() {
      return closed;
    },
    [Symbol.asyncIterator]: () => iterate(),
  };
}
