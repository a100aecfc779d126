import { describe, expect, it } from 'vitest';
import { createEventQueue } from './event-queue.ts';

async function drain<T>(q: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of q) out.push(v);
  return out;
}

describe('event queue', () => {
  it('delivers pushed items in order, then ends (or throws) after the buffered ones', async () => {
    const q = createEventQueue<number>();
    q.push(1);
    q.push(2);
    q.end();
    expect(await drain(q)).toEqual([1, 2]);
    const e = createEventQueue<number>();
    e.push(1);
    e.end(new Error('boom'));
    const it = e[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(1);
    await expect(it.next()).rejects.toThrow('boom');
  });

  it('refuses pushes beyond capacity unless forced', () => {
    const q = createEventQueue<number>({ capacity: 2 });
    expect([q.push(1), q.push(2), q.push(3), q.push(4, true)]).toEqual([true, true, false, true]);
    expect(q.size).toBe(3);
  });

  it('wakes a waiting reader and ends cleanly on abort, running onClose once', async () => {
    const ac = new AbortController();
    let closes = 0;
    const q = createEventQueue<number>({ signal: ac.signal, onClose: () => closes++ });
    const it = q[Symbol.asyncIterator]();
    const pending = it.next();
    q.push(7);
    expect(await pending).toEqual({ value: 7, done: false });
    const waiting = it.next();
    ac.abort();
    expect((await waiting).done).toBe(true);
    expect(q.push(8)).toBe(false);
    expect(closes).toBe(1);
  });

  it('closes when the consumer stops reading', async () => {
    let closed = false;
    const q = createEventQueue<number>({ onClose: () => (closed = true) });
    q.push(1);
    q.push(2);
    for await (const v of q) if (v === 1) break;
    expect(closed).toBe(true);
    expect(q.closed).toBe(true);
  });
});
