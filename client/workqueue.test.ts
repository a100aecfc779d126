import { describe, expect, it } from 'vitest';
import { createRateLimitingQueue } from './workqueue.ts';
import { FakeClock } from './fake/fake-clock.ts';
import { TokenBucket } from './rate-limiter.ts';

const flush = () => new Promise((r) => setImmediate(r));

describe('createRateLimitingQueue', () => {
  it('deduplicates adds of a queued item', async () => {
    const q = createRateLimitingQueue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect((await q.get()).item).toBe('a');
    expect((await q.get()).item).toBe('b');
  });

  it('never hands an item to two workers; an add while processing is queued once after done', async () => {
    const q = createRateLimitingQueue<string>();
    q.add('a');
    const first = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((r) => (second = r.item));
    await flush();
    expect(second).toBeUndefined();
    q.done('a');
    await flush();
    expect(first.item).toBe('a');
    expect(second).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting getter on add', async () => {
    const q = createRateLimitingQueue<string>();
    const got = q.get();
    q.add('x');
    expect(await got).toEqual({ item: 'x', shutdown: false });
  });

  it('delays addAfter until the clock passes, keeping the earliest time', () => {
    const clock = new FakeClock();
    const q = createRateLimitingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 200);
    clock.advance(49);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    clock.advance(1000);
    expect(q.len()).toBe(1);
  });

  it('grows per-item backoff exponentially up to the cap, and forget resets it', async () => {
    const clock = new FakeClock();
    const q = createRateLimitingQueue<string>({ clock, baseDelayMs: 5, maxDelayMs: 40, qps: 0 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      q.addRateLimited('a');
      let waited = 0;
      while (q.len() === 0 && waited < 10_000) {
        clock.advance(1);
        waited++;
      }
      delays.push(waited);
      q.done((await q.get()).item as string);
    }
    expect(delays).toEqual([5, 10, 20, 40, 40, 40]);
    expect(q.numRequeues('a')).toBe(6);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('limits overall rate with the token bucket after the burst', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(10, 2, clock);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 100, 200]);
    clock.advance(1000);
    expect(bucket.reserve()).toBe(0);
  });

  it('combines backoff with the bucket (max of the two)', () => {
    const clock = new FakeClock();
    const q = createRateLimitingQueue<string>({ clock, baseDelayMs: 1, maxDelayMs: 1000, qps: 1, burst: 1 });
    q.addRateLimited('a'); // bucket has a token: per-item 1 ms wins
    q.addRateLimited('b'); // bucket empty: wait 1000 ms
    clock.advance(1);
    expect(q.len()).toBe(1);
    clock.advance(998);
    expect(q.len()).toBe(1);
    clock.advance(1);
    expect(q.len()).toBe(2);
  });

  it('after shutDown refuses adds, hands out what is queued, then reports shutdown', async () => {
    const q = createRateLimitingQueue<string>();
    q.add('a');
    const waiting = createRateLimitingQueue<string>();
    const blocked = waiting.get();
    waiting.shutDown();
    expect(await blocked).toEqual({ shutdown: true });
    q.shutDown();
    q.add('b');
    expect(q.shuttingDown()).toBe(true);
    expect((await q.get()).item).toBe('a');
    expect(await q.get()).toEqual({ shutdown: true });
  });

  it('shutDownWithDrain waits for items in processing', async () => {
    const q = createRateLimitingQueue<string>();
    q.add('a');
    await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => (drained = true));
    await flush();
    expect(drained).toBe(false);
    q.done('a');
    await p;
    expect(drained).toBe(true);
  });
});
