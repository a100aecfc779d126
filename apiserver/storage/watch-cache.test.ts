import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { createMemoryStorage, type MemoryStorage } from './memory-storage.ts';
import { isStorageError } from './types.ts';
import { createWatchCache, type CacheEvent, type WatchCache, type WatchCacheOptions } from './watch-cache.ts';

const P = '/registry/things/';
const thing = (name: string, v = 0, ns = 'ns'): KubeObject & { v: number } => ({ metadata: { name, namespace: ns }, v });
const key = (name: string, ns = 'ns'): string => `${P}${ns}/${name}`;

/** next reads n events (or until the stream ends), failing with what it saw after the deadline. */
async function next(it: AsyncIterator<CacheEvent>, n: number, timeoutMs = 5000): Promise<CacheEvent[]> {
  const out: CacheEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    let t: NodeJS.Timeout | undefined;
    const r = await Promise.race([it.next(), new Promise<'t'>((res) => (t = setTimeout(() => res('t'), Math.max(0, deadline - Date.now()))))]);
    clearTimeout(t);
    if (r === 't') throw new Error(`timed out after ${out.length}/${n}: ${JSON.stringify(out.map(desc))}`);
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

const desc = (e: CacheEvent): string => (e.type === 'BOOKMARK' ? `BOOKMARK@${e.revision}` : `${e.type} ${e.object.metadata.name}@${e.revision}`);

async function ended(it: AsyncIterator<CacheEvent>, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let t: NodeJS.Timeout | undefined;
    const r = await Promise.race([it.next(), new Promise<'t'>((res) => (t = setTimeout(() => res('t'), deadline - Date.now())))]);
    clearTimeout(t);
    if (r === 't') return false;
    if (r.done) return true;
  }
  return false;
}

async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('watch cache on memory storage', () => {
  let s: MemoryStorage;
  let cache: WatchCache;
  const ac = new AbortController();
  const open = async (opts: WatchCacheOptions = {}): Promise<WatchCache> => {
    cache = createWatchCache(s, P, { catchUpIdleMs: 50, ...opts });
    await cache.start();
    return cache;
  };
  const w = (fromRevision: number, extra: Partial<Parameters<WatchCache['watch']>[0]> = {}): AsyncIterator<CacheEvent> =>
    cache.watch({ fromRevision, signal: ac.signal, ...extra })[Symbol.asyncIterator]();

  afterEach(async () => {
    await cache?.stop();
  });

  it('starts from a list and serves it from the cache at its revision', async () => {
    s = createMemoryStorage();
    await s.create(key('b'), thing('b'));
    await s.create(key('a'), thing('a'));
    await s.create('/registry/other/x', thing('x'));
    await open();
    const l = cache.listFromCache();
    expect(l.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(l.resourceVersion).toBe(String(await s.currentRevision()));
    await s.delete(key('a'));
    await until(() => cache.listFromCache().items.length === 1, 'the delete to reach the cache');
  });

  it('fans one storage watch out to many watchers, each with its own filter', async () => {
    s = createMemoryStorage();
    await open();
    const rev = cache.bookmarkRevision();
    const all = [w(rev), w(rev), w(rev)];
    const onlyA = w(rev, { filter: (e) => e.object.metadata.name === 'a' });
    await until(() => cache.watcherCount() === 4, 'watchers to attach');
    await s.create(key('a'), thing('a'));
    await s.create(key('b'), thing('b'));
    await s.guaranteedUpdate(key('a'), (o) => ({ ...o, v: 1 }) as KubeObject);
    for (const it of all) expect((await next(it, 3)).map(desc)).toEqual([`ADDED a@${rev + 1}`, `ADDED b@${rev + 2}`, `MODIFIED a@${rev + 3}`]);
    expect((await next(onlyA, 2)).map(desc)).toEqual([`ADDED a@${rev + 1}`, `MODIFIED a@${rev + 3}`]);
  });

  it('replays from a revision still in the ring, and from 0 sends the current state first', async () => {
    s = createMemoryStorage();
    await open();
    const c = await s.create(key('a'), thing('a'));
    await s.create(key('b'), thing('b'));
    await s.delete(key('a'));
    await until(() => cache.listFromCache().items.length === 1, 'events applied');
    const r = Number(c.metadata.resourceVersion);
    expect((await next(w(r), 2)).map(desc)).toEqual([`ADDED b@${r + 1}`, `DELETED a@${r + 2}`]);
    const fromZero = w(0);
    expect((await next(fromZero, 1)).map(desc)).toEqual([`ADDED b@${r + 1}`]);
    await s.create(key('c'), thing('c'));
    expect((await next(fromZero, 1)).map(desc)).toEqual([`ADDED c@${r + 3}`]);
  });

  it('catches up a watcher older than the ring from storage history, without gaps or repeats', async () => {
    s = createMemoryStorage();
    const start = await s.currentRevision();
    await open({ capacity: 3 });
    for (let i = 0; i < 10; i++) await s.create(key(`o${i}`), thing(`o${i}`));
    await until(() => cache.bookmarkRevision() === start + 10, 'events applied');
    const it = w(start + 1);
    const replay = await next(it, 9);
    expect(replay.map((e) => e.revision)).toEqual(Array.from({ length: 9 }, (_, i) => start + 2 + i));
    await s.create(key('late'), thing('late'));
    expect((await next(it, 1)).map(desc)).toEqual([`ADDED late@${start + 11}`]);
    await until(() => cache.watcherCount() === 1, 'catch-up to hand over to the cache');
  });

  it('catches up a watcher older than the initial list when nothing happened since', async () => {
    s = createMemoryStorage();
    const start = await s.currentRevision();
    await s.create(key('a'), thing('a'));
    await s.create(key('b'), thing('b'));
    await open();
    const it = w(start);
    expect((await next(it, 2)).map(desc)).toEqual([`ADDED a@${start + 1}`, `ADDED b@${start + 2}`]);
    await until(() => cache.watcherCount() === 1, 'catch-up to hand over');
    await s.create(key('c'), thing('c'));
    expect((await next(it, 1)).map(desc)).toEqual([`ADDED c@${start + 3}`]);
  });

  it('ends a watcher from a compacted revision with Gone', async () => {
    s = createMemoryStorage();
    const start = await s.currentRevision();
    for (let i = 0; i < 5; i++) await s.create(key(`o${i}`), thing(`o${i}`));
    await s.compact(await s.currentRevision());
    await open({ capacity: 2 });
    await expect(w(start).next()).rejects.toSatisfy((e) => isStorageError(e, 'Gone'));
  });

  it('restarts its storage watch after a break without losing or repeating events', async () => {
    s = createMemoryStorage();
    await open();
    const rev = cache.bookmarkRevision();
    const it = w(rev);
    await until(() => cache.watcherCount() === 1, 'watcher attached');
    await s.create(key('a'), thing('a'));
    s.breakWatches();
    // Written while the cache has no storage watch: must arrive after its restart.
    await s.create(key('b'), thing('b'));
    await s.create(key('c'), thing('c'));
    expect((await next(it, 3)).map(desc)).toEqual([`ADDED a@${rev + 1}`, `ADDED b@${rev + 2}`, `ADDED c@${rev + 3}`]);
    s.setAvailable(false);
    await new Promise((r) => setTimeout(r, 150)); // let the cache fail a reconnect or two
    s.setAvailable(true);
    await s.create(key('d'), thing('d'));
    expect((await next(it, 1)).map(desc)).toEqual([`ADDED d@${rev + 4}`]);
    await s.create(key('e'), thing('e'));
    expect((await next(it, 1)).map(desc)).toEqual([`ADDED e@${rev + 5}`]);
  });

  it('relists and closes its watchers when its own revision was compacted during an outage', async () => {
    s = createMemoryStorage();
    await open();
    const it = w(cache.bookmarkRevision());
    await until(() => cache.watcherCount() === 1, 'watcher attached');
    s.breakWatches();
    await s.create(key('a'), thing('a'));
    await s.create(key('b'), thing('b'));
    await s.compact(await s.currentRevision());
    expect(await ended(it)).toBe(true);
    await until(() => cache.listFromCache().items.length === 2, 'relist');
  });

  it('closes a watcher that falls too far behind without holding back the others', async () => {
    s = createMemoryStorage();
    await open({ watcherQueueCapacity: 5 });
    const rev = cache.bookmarkRevision();
    const slow = w(rev);
    const fast = w(rev);
    await until(() => cache.watcherCount() === 2, 'watchers attached');
    const got: CacheEvent[] = [];
    for (let i = 0; i < 20; i++) {
      await s.create(key(`o${i}`), thing(`o${i}`));
      got.push(...(await next(fast, 1)));
    }
    expect(got).toHaveLength(20);
    const slowGot = await next(slow, 100);
    expect(slowGot.length).toBe(5); // its backlog, then the stream ends
    expect(cache.watcherCount()).toBe(1);
  });

  it('sends bookmarks at the cache revision when asked, and forgets aborted watchers', async () => {
    s = createMemoryStorage();
    await s.create(key('a'), thing('a'));
    await open();
    const own = new AbortController();
    const it = cache.watch({ fromRevision: cache.bookmarkRevision(), signal: own.signal, bookmarkIntervalMs: 20 })[Symbol.asyncIterator]();
    const [bm] = await next(it, 1);
    expect(bm).toEqual({ type: 'BOOKMARK', revision: await s.currentRevision() });
    own.abort();
    expect(await ended(it)).toBe(true);
    expect(cache.watcherCount()).toBe(0);
  });
});
