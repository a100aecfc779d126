import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createWatchWriter, encodeEventLine } from './watch-writer.ts';

/** fakeResponse records each chunk written, as one write call each. */
function fakeResponse(highWaterMark = 1 << 20): { raw: ServerResponse; chunks: string[]; stream: PassThrough } {
  const stream = new PassThrough({ highWaterMark });
  const chunks: string[] = [];
  const write = stream.write.bind(stream);
  (stream as unknown as { write: (c: Buffer) => boolean }).write = (c: Buffer) => {
    chunks.push(c.toString());
    return write(c);
  };
  return { raw: stream as unknown as ServerResponse, chunks, stream };
}

const until = async (cond: () => boolean, what: string) => {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('encodeEventLine', () => {
  it('encodes a line once per object and type, and each type separately', () => {
    const obj = { metadata: { name: 'a' } };
    const added = encodeEventLine('ADDED', obj);
    expect(added.toString()).toBe('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
    expect(encodeEventLine('ADDED', obj)).toBe(added);
    expect(encodeEventLine('DELETED', obj).toString()).toBe('{"type":"DELETED","object":{"metadata":{"name":"a"}}}\n');
    expect(encodeEventLine('ADDED', { metadata: { name: 'a' } })).not.toBe(added);
  });
});

describe('createWatchWriter', () => {
  it('sends lines written in the same turn as one chunk, in order', async () => {
    const { raw, chunks } = fakeResponse();
    const w = createWatchWriter(raw, new AbortController().signal, 10);
    for (const n of ['a', 'b', 'c']) await w.write(Buffer.from(`${n}\n`));
    await until(() => chunks.length > 0, 'a chunk');
    expect(chunks).toEqual(['a\nb\nc\n']);
  });

  it('sends a line after a quiet period without waiting for the interval, and flush sends what is queued', async () => {
    const { raw, chunks } = fakeResponse();
    const w = createWatchWriter(raw, new AbortController().signal, 60_000);
    await w.write(Buffer.from('first\n'));
    await until(() => chunks.length === 1, 'the first chunk');
    await w.write(Buffer.from('second\n'));
    // Within the interval: held back until flush.
    await new Promise((r) => setTimeout(r, 30));
    expect(chunks).toEqual(['first\n']);
    w.flush();
    expect(chunks).toEqual(['first\n', 'second\n']);
  });

  it('waits for drain when the client is behind, and stops waiting on abort', async () => {
    const { raw, chunks } = fakeResponse(4);
    const ac = new AbortController();
    const w = createWatchWriter(raw, ac.signal, 0);
    await w.write(Buffer.from('0123456789\n'));
    await until(() => chunks.length === 1, 'the first chunk');
    let done = false;
    const pending = w.write(Buffer.from('x\n')).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    ac.abort();
    await pending;
    expect(done).toBe(true);
  });
});
