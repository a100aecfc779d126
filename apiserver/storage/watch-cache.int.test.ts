import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { startEtcd, type EtcdCluster } from '../../testing/etcd.ts';
import { createEtcdStorage } from './etcd-storage.ts';
import type { Storage } from './types.ts';
import { createWatchCache, type CacheEvent, type WatchCache } from './watch-cache.ts';

const P = '/registry/things/';
const thing = (name: string): KubeObject => ({ metadata: { name, namespace: 'ns' } });

/** collect reads until n events arrived, failing with what it saw after the deadline. */
async function collect(it: AsyncIterator<CacheEvent>, n: number, timeoutMs = 60_000): Promise<CacheEvent[]> {
  const out: CacheEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    let t: NodeJS.Timeout | undefined;
    const r = await Promise.race([it.next(), new Promise<'t'>((res) => (t = setTimeout(() => res('t'), Math.max(0, deadline - Date.now()))))]);
    clearTimeout(t);
    if (r === 't') throw new Error(`timed out after ${out.length}/${n} events (last ${JSON.stringify(out.at(-1))})`);
    if (r.done) throw new Error(`stream ended after ${out.length}/${n} events`);
    if (r.value.type !== 'BOOKMARK') out.push(r.value);
  }
  return out;
}

async function watcherTotal(endpoint: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('etcd_debugging_mvcc_watcher_total '));
  if (!line) throw new Error('etcd exposes no etcd_debugging_mvcc_watcher_total');
  return Number(line.split(' ')[1]);
}

async function writeMany(s: Storage, names: string[], concurrency: number): Promise<void> {
  const queue = [...names];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) await s.create(`${P}ns/${n}`, thing(n));
  }));
}

/** expectExactlyOnceInOrder checks a watcher saw exactly the created names, in revision order. */
function expectExactlyOnceInOrder(events: CacheEvent[], names: string[]): void {
  const revs = events.map((e) => e.revision);
  expect(revs).toEqual([...revs].sort((a, b) => a - b));
  expect(new Set(revs).size).toBe(revs.length);
  expect(events.map((e) => (e.type === 'BOOKMARK' ? '' : e.object.metadata.name)).sort()).toEqual([...names].sort());
}

describe('watch cache on a real etcd', () => {
  let etcd: EtcdCluster | undefined;
  let storages: Storage[] = [];
  let cache: WatchCache | undefined;
  const ac = new AbortController();
  afterEach(async () => {
    await cache?.stop();
    for (const s of storages) await s.close();
    storages = [];
    await etcd?.stop();
    etcd = undefined;
  });

  it('serves 100 concurrent watchers from one etcd watch', async () => {
    etcd = await startEtcd();
    const s = createEtcdStorage({ endpoints: etcd.endpoints });
    storages.push(s);
    cache = createWatchCache(s, P, { capacity: 2000 });
    await cache.start();
    const rev = cache.bookmarkRevision();
    const watchers = Array.from({ length: 100 }, () => cache!.watch({ fromRevision: rev, signal: ac.signal })[Symbol.asyncIterator]());
    const names = Array.from({ length: 300 }, (_, i) => `o${i}`);
    const received = watchers.map((w) => collect(w, names.length));
    await writeMany(s, names, 20);
    for (const events of await Promise.all(received)) expectExactlyOnceInOrder(events, names);
    expect(await watcherTotal(etcd.endpoints[0]!)).toBe(1);
  });

  it('keeps every watcher complete across an etcd restart', async () => {
    etcd = await startEtcd();
    const s = createEtcdStorage({ endpoints: etcd.endpoints, requestTimeoutMs: 2000 });
    storages.push(s);
    cache = createWatchCache(s, P);
    await cache.start();
    const rev = cache.bookmarkRevision();
    const watchers = Array.from({ length: 10 }, () => cache!.watch({ fromRevision: rev, signal: ac.signal })[Symbol.asyncIterator]());
    const before = Array.from({ length: 50 }, (_, i) => `before${i}`);
    const after = Array.from({ length: 50 }, (_, i) => `after${i}`);
    const received = watchers.map((w) => collect(w, before.length + after.length));
    await writeMany(s, before, 5);
    await etcd.restartMember(0);
    const deadline = Date.now() + 30_000;
    while (!(await s.healthy()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await writeMany(s, after, 5);
    for (const events of await Promise.all(received)) expectExactlyOnceInOrder(events, [...before, ...after]);
  });

  it('keeps every watcher complete while a 3-member cluster loses its leader', async () => {
    etcd = await startEtcd({ members: 3 });
    const s = createEtcdStorage({ endpoints: etcd.endpoints, requestTimeoutMs: 2000 });
    storages.push(s);
    cache = createWatchCache(s, P);
    await cache.start();
    const rev = cache.bookmarkRevision();
    const watchers = Array.from({ length: 10 }, () => cache!.watch({ fromRevision: rev, signal: ac.signal })[Symbol.asyncIterator]());
    const names = Array.from({ length: 90 }, (_, i) => `o${i}`);
    const received = watchers.map((w) => collect(w, names.length));
    await writeMany(s, names.slice(0, 30), 5);
    const leader = await etcd.leaderIndex();
    await etcd.killMember(leader);
    // Writes may fail while a new leader is elected: retry each until it lands (create is not retried by storage).
    for (const n of names.slice(30, 60)) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const err = await s.create(`${P}ns/${n}`, thing(n)).then(() => undefined, (e: unknown) => e);
        if (!err || (err as { code?: string }).code === 'AlreadyExists') break;
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await etcd.restartMember(leader);
    await writeMany(s, names.slice(60), 5);
    for (const events of await Promise.all(received)) expectExactlyOnceInOrder(events, names);
  });

  it('catches up a watcher older than its ring from etcd history, then drops that extra etcd watch', async () => {
    etcd = await startEtcd();
    const s = createEtcdStorage({ endpoints: etcd.endpoints });
    storages.push(s);
    cache = createWatchCache(s, P, { capacity: 5 });
    await cache.start();
    const rev = cache.bookmarkRevision();
    const first = Array.from({ length: 20 }, (_, i) => `o${i}`);
    await writeMany(s, first, 1);
    const deadline = Date.now() + 30_000;
    while (cache.bookmarkRevision() < rev + 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const it = cache.watch({ fromRevision: rev, signal: ac.signal })[Symbol.asyncIterator]();
    const replay = await collect(it, 20);
    expect(replay.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => rev + 1 + i));
    await s.create(`${P}ns/late`, thing('late'));
    expect((await collect(it, 1))[0]!.revision).toBe(rev + 21);
    let total = await watcherTotal(etcd.endpoints[0]!);
    while (total !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      total = await watcherTotal(etcd.endpoints[0]!);
    }
    expect(total).toBe(1);
  });
});
