/**
 * decodeWatch turns a watch response body (newline-delimited JSON `{"type","object"}`) into
 * WatchEvents, decoding incrementally as bytes arrive. An ERROR event is thrown as the
 * StatusError it carries (a 410 Expired makes `isGone(err)` true, so informers relist).
 */
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { WatchEvent } from './types.ts';
import { isStatus, statusErrorFrom } from './http-status.ts';

const types = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/** decodeWatch yields events from a byte stream until it ends; throws on ERROR events. */
export async function* decodeWatch<T extends KubeObject>(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<WatchEvent<T>> {
  for await (const batch of decodeWatchBatches<T>(body)) yield* batch;
}

/**
 * decodeWatchBatches yields the events of each received chunk as one array: one async step per
 * chunk instead of per event, which is what keeps a busy watch cheap.
 */
export async function* decodeWatchBatches<T extends KubeObject>(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<WatchEvent<T>[]> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (!buf.includes('\n')) continue;
    // One split per chunk: the last piece is an incomplete line carried to the next chunk.
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    const batch: WatchEvent<T>[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      try {
        batch.push(parseEvent<T>(line));
      } catch (err) {
        // Deliver what came before the ERROR event, then fail.
        if (batch.length) yield batch;
        throw err;
      }
    }
    if (batch.length) yield batch;
  }
  const rest = (buf + decoder.decode()).trim();
  if (rest) yield [parseEvent<T>(rest)];
}

function parseEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  let ev: { type?: string; object?: unknown };
  try {
    ev = JSON.parse(line);
  } catch {
    throw statusErrorFrom(500, `undecodable watch event: ${line.slice(0, 200)}`);
  }
  if (!ev || !types.has(ev.type ?? '') || typeof ev.object !== 'object') {
    throw statusErrorFrom(500, `malformed watch event: ${line.slice(0, 200)}`);
  }
  if (ev.type === 'ERROR') throw statusErrorFrom(isStatus(ev.object) ? ev.object.code : 500, ev.object);
  return ev as WatchEvent<T>;
}
