import { describe, expect, it } from 'vitest';
import { createEventRing } from './event-ring.ts';

describe('event ring', () => {
  it('keeps the newest items, reports evictions, and lists items after a revision', () => {
    const r = createEventRing<{ revision: number }>(3);
    const evicted = [2, 4, 6, 8, 10].map((revision) => r.push({ revision })?.revision);
    expect(evicted).toEqual([undefined, undefined, undefined, 2, 4]);
    expect(r.length).toBe(3);
    expect(r.after(0).map((e) => e.revision)).toEqual([6, 8, 10]);
    expect(r.after(7).map((e) => e.revision)).toEqual([8, 10]);
    expect(r.after(8).map((e) => e.revision)).toEqual([10]);
    expect(r.after(10)).toEqual([]);
    r.clear();
    expect(r.after(0)).toEqual([]);
  });
});
