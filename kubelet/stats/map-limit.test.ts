import { describe, expect, it } from 'vitest';
import { mapLimit } from './map-limit.ts';

describe('mapLimit', () => {
  it.each([1, 3, 8, 50])('keeps at most %i calls in flight and the input order', async (limit) => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const out = await mapLimit(items, limit, async (i) => {
      most = Math.max(most, ++inFlight);
      // Later items finish first, so order comes from the index, not completion.
      for (let k = 0; k < 20 - i; k++) await Promise.resolve();
      inFlight--;
      return i * 2;
    });
    expect(out).toEqual(items.map((i) => i * 2));
    expect(most).toBe(Math.min(limit, items.length));
  });

  it('handles no items', async () => expect(await mapLimit([], 8, async () => 1)).toEqual([]));

  it('rejects with the first error and starts no further calls', async () => {
    const started: number[] = [];
    await expect(mapLimit([1, 2, 3, 4, 5], 1, async (i) => {
      started.push(i);
      if (i === 2) throw new Error('boom');
      return i;
    })).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});
