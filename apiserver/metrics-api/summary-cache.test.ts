import { describe, expect, it } from 'vitest';
import { SummaryCache } from './summary-cache.ts';
import type { Summary } from './summary.ts';

const summary = (nodeName: string): Summary => ({ node: { nodeName } });

describe('SummaryCache', () => {
  it('shares a fetch while fresh, fetches again once the window passed, and forgets failures', async () => {
    let now = 0;
    const cache = new SummaryCache(10_000, () => now);
    let fetches = 0;
    const fetch = async () => summary(`n${++fetches}`);
    expect((await cache.get('a', fetch)).node.nodeName).toBe('n1');
    now = 9_999;
    expect((await cache.get('a', fetch)).node.nodeName).toBe('n1');
    now = 10_000;
    expect((await cache.get('a', fetch)).node.nodeName).toBe('n2');
    const failing = () => Promise.reject(new Error('kubelet down'));
    await expect(cache.get('b', failing)).rejects.toThrow('kubelet down');
    expect((await cache.get('b', fetch)).node.nodeName).toBe('n3');
  });

  it('gives concurrent callers the fetch already in flight', async () => {
    const cache = new SummaryCache();
    let release!: (s: Summary) => void;
    let fetches = 0;
    const slow = () => {
      fetches++;
      return new Promise<Summary>((r) => (release = r));
    };
    const both = Promise.all([cache.get('a', slow), cache.get('a', slow)]);
    release(summary('n1'));
    expect((await both).map((s) => s.node.nodeName)).toEqual(['n1', 'n1']);
    expect(fetches).toBe(1);
  });
});
