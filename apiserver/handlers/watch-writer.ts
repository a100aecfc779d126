import type { ServerResponse } from 'node:http';

/**
 * watch-writer.ts is the output side of a watch stream, built for fan-out: the watch cache hands
 * the same event object to every watcher, so its line is encoded once (one JSON.stringify and one
 * UTF-8 encoding per event, not per watcher), and each stream sends what accumulated as one
 * chunk, at most once per flush interval. On a busy resource the cost that dominated was one
 * socket write per event per watcher; with the interval it is one write per interval per watcher.
 */

// Event lines by object identity and type (a selector turns the same object into ADDED,
// MODIFIED or DELETED for different watchers). Cached objects are never mutated.
const lines = new WeakMap<object, Partial<Record<string, Buffer>>>();

/**
 * encodeEventLine returns the newline-terminated watch line `{"type":…,"object":…}` of an event,
 * shared by every stream that sends the same object with the same type.
 */
export function encodeEventLine(type: string, object: object): Buffer {
  let byType = lines.get(object);
  if (byType === undefined) {
    byType = {};
    lines.set(object, byType);
  }
  let line = byType[type];
  if (line === undefined) {
    line = Buffer.from(`{"type":"${type}","object":${JSON.stringify(object)}}\n`);
    byType[type] = line;
  }
  return line;
}

/** WatchWriter batches a stream's lines into chunks. */
export interface WatchWriter {
  /** write queues a line; it resolves at once unless the client is behind (then after drain or abort). */
  write(line: Buffer): Promise<void>;
  /** flush sends whatever is queued now (the stream is ending). */
  flush(): void;
}

/**
 * createWatchWriter writes to raw: the first line after a quiet period leaves on the next turn of
 * the event loop (no added latency), later ones at most every minIntervalMs, so events arriving
 * together leave in one chunk. Backpressure is kept: when the socket buffer is full, write waits
 * for drain, which stops this watcher's reading and lets the watch cache close it if it lags.
 */
export function createWatchWriter(raw: ServerResponse, signal: AbortSignal, minIntervalMs: number): WatchWriter {
  let pending: Buffer[] = [];
  let scheduled = false;
  let lastFlush = -Infinity; // the first line leaves at once

  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0 || raw.writableEnded || raw.destroyed) {
      pending = [];
      return;
    }
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    lastFlush = performance.now();
    raw.write(chunk);
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    const wait = lastFlush + minIntervalMs - performance.now();
    if (wait <= 0) setImmediate(flush);
    else setTimeout(flush, wait);
  };

  return {
    async write(line) {
      pending.push(line);
      schedule();
      if (!raw.writableNeedDrain || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          raw.off('drain', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        raw.on('drain', done);
        signal.addEventListener('abort', done, { once: true });
      });
    },
    flush,
  };
}
