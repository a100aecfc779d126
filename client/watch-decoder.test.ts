import { describe, expect, it } from 'vitest';
import { isGone } from '../api/errors.ts';
import { decodeWatch } from './watch-decoder.ts';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

const line = (type: string, object: unknown) => JSON.stringify({ type, object }) + '\n';

describe('decodeWatch', () => {
  it('decodes events split across chunks, multi-byte characters included', async () => {
    const all = line('ADDED', { metadata: { name: 'é-1' } }) + line('MODIFIED', { metadata: { name: 'b' } }) + line('DELETED', { metadata: { name: 'c' } });
    const bytes = new TextEncoder().encode(all);
    // Cut inside the two-byte "é" and inside a JSON line.
    const parts = [bytes.slice(0, 26), bytes.slice(26, 27), bytes.slice(27, 60), bytes.slice(60)];
    const got: string[] = [];
    for await (const ev of decodeWatch((async function* () { yield* parts; })())) got.push(`${ev.type} ${ev.object.metadata.name}`);
    expect(got).toEqual(['ADDED é-1', 'MODIFIED b', 'DELETED c']);
  });

  it('delivers the events before an ERROR, then throws its Status', async () => {
    const got: string[] = [];
    const run = async () => {
      for await (const ev of decodeWatch(chunks(line('ADDED', { metadata: { name: 'a' } }) + line('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' })))) {
        got.push(ev.type);
      }
    };
    await expect(run()).rejects.toSatisfy(isGone);
    expect(got).toEqual(['ADDED']);
  });

  it('accepts a last line without a newline and rejects garbage', async () => {
    const got: string[] = [];
    for await (const ev of decodeWatch(chunks(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '5' } } })))) got.push(ev.type);
    expect(got).toEqual(['BOOKMARK']);
    await expect((async () => {
      for await (const _ of decodeWatch(chunks('{not json}\n'))) void _;
    })()).rejects.toThrow(/undecodable/);
  });
});
