/**
 * The watch cache (design §4): ONE storage watch per resource prefix feeds an in-memory copy of
 * the objects and a ring of recent events, fanned out to every watcher through its own bounded
 * queue. Watchers never open their own etcd watch, except briefly to catch up (see below).
 *
 * Resuming from a revision F:
 * - F = 0: Kubernetes' "current state, then changes": synthetic ADDED events for every cached
 *   object, then live events.
 * - F within the ring (F >= the ring's start): replay the ring after F, then live events.
 * - F newer than the cache (another API server served it): live events after F only.
 * - F older than the ring but still in etcd history: a short catch-up. The watcher reads a
 *   storage watch from F until everything up to the ring's start has been seen — it sees an event
 *   newer than the ring's start (which the ring also holds), or a quiet period when the ring holds
 *   no events since the cache's initial list — then drops that watch and joins the ring/fan-out
 *   in one synchronous step, so nothing is lost or repeated. A compacted F ends with Gone.
 *
 * The cache's own storage watch restarts after errors from the last revision it applied (no gap,
 * no duplicate). If even that revision was compacted (a long etcd outage), the cache relists and
 * closes every watcher, so clients re-watch (and relist on Gone).
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { silentLogger, type Logger } from '../../component-base/logger.ts';
import { createEventQueue, type EventQueue } from './event-queue.ts';
import { createEventRing } from './event-ring.ts';
import { isStorageError, type Storage, type StorageEvent } from './types.ts';

/** BookmarkEvent says "everything up to revision has been sent" (Kubernetes BOOKMARK). */
export interface BookmarkEvent {
  type: 'BOOKMARK';
  revision: number;
}

/** CacheEvent is what a cache watcher receives. */
export type CacheEvent<T extends KubeObject = KubeObject> = StorageEvent<T> | BookmarkEvent;

/** WatchCacheOptions size the cache. */
export interface WatchCacheOptions {
  /** capacity of the ring of recent events (default 1000). */
  capacity?: number;
  /** watcherQueueCapacity bounds each watcher's backlog; a watcher further behind is closed (default 1000). */
  watcherQueueCapacity?: number;
  /** catchUpIdleMs: quiet period that ends a catch-up when the ring holds no events (default 500). */
  catchUpIdleMs?: number;
  logger?: Logger;
}

/** CacheWatchOptions describe one watcher. */
export interface CacheWatchOptions {
  /** fromRevision: events after it (0 = current state as ADDED events, then changes). */
  fromRevision: number;
  /** filter drops events the watcher does not want (it still advances its bookmarks). */
  filter?: (ev: StorageEvent) => boolean;
  signal: AbortSignal;
  /** bookmarkIntervalMs: send a BOOKMARK at the cache's revision this often (off when absent). */
  bookmarkIntervalMs?: number;
}

/** WatchCache is the per-resource cache and watch fan-out. */
export interface WatchCache {
  /** start lists the prefix, starts the storage watch, and resolves once the cache is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
  watch<T extends KubeObject = KubeObject>(opts: CacheWatchOptions): AsyncIterable<CacheEvent<T>>;
  /** bookmarkRevision is the newest revision the cache has applied. */
  bookmarkRevision(): number;
  /** listFromCache is the cached objects sorted by key at bookmarkRevision (for resourceVersion=0 lists). Never mutate them. */
  listFromCache<T extends KubeObject = KubeObject>(): { items: T[]; resourceVersion: string };
  /** getFromCache is the cached object at key (e.g. `/registry/namespaces/default`), without sorting anything. Never mutate it. */
  getFromCache<T extends KubeObject = KubeObject>(key: string): T | undefined;
  /** watcherCount is the number of open watchers (live and catching up). */
  watcherCount(): number;
  ready(): boolean;
}

interface CacheWatcher {
  queue: EventQueue<CacheEvent>;
  filter?: (ev: StorageEvent) => boolean;
  /** lastSeen: every event at or below it was delivered or filtered out. */
  lastSeen: number;
  /** closed is aborted when the watcher's queue closes for any reason. */
  closed: AbortController;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** createWatchCache makes a WatchCache over storage for the keys under prefix. */
export function createWatchCache(storage: Storage, prefix: string, opts: WatchCacheOptions = {}): WatchCache {
  const log = (opts.logger ?? silentLogger()).child({ component: 'watch-cache', prefix });
  const ring = createEventRing<StorageEvent>(opts.capacity ?? 1000);
  const queueCapacity = opts.watcherQueueCapacity ?? 1000;
  const idleMs = opts.catchUpIdleMs ?? 500;
  const objects = new Map<string, KubeObject>();
  const live = new Set<CacheWatcher>();
  const catchingUp = new Set<CacheWatcher>();
  const stopper = new AbortController();
  let listRev = 0; // revision of the last full list
  let ringStart = 0; // the ring holds every event with revision > ringStart
  let currentRev = 0;
  let isReady = false;
  let markReady!: () => void;
  const readyPromise = new Promise<void>((r) => (markReady = r));
  let running: Promise<void> | undefined;

  const keyOf = (o: KubeObject): string => `${prefix}${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

  function deliver(w: CacheWatcher, ev: StorageEvent): void {
    if (ev.revision <= w.lastSeen) return;
    w.lastSeen = ev.revision;
    if (w.filter && !w.filter(ev)) return;
    if (!w.queue.push(ev)) {
      // Too slow: close it so the client re-watches from its last revision instead of stalling others.
      log.info({ backlog: w.queue.size }, 'closing a watcher that fell too far behind');
      w.queue.end();
    }
  }

  function apply(ev: StorageEvent): void {
    if (ev.revision < currentRev) return; // defensive: never apply history twice
    if (ev.type === 'DELETED') objects.delete(keyOf(ev.object));
    else objects.set(keyOf(ev.object), ev.object);
    const evicted = ring.push(ev);
    if (evicted) ringStart = evicted.revision;
    currentRev = ev.revision;
    for (const w of live) deliver(w, ev);
  }

  async function relist(): Promise<void> {
    const res = await storage.list(prefix);
    objects.clear();
    for (const o of res.items) objects.set(keyOf(o), o);
    ring.clear();
    listRev = ringStart = currentRev = Number(res.resourceVersion);
    // Watchers cannot be continued across a relist: close them, clients re-watch (and relist on Gone).
    for (const w of [...live, ...catchingUp]) w.queue.end();
    live.clear();
    catchingUp.clear();
  }

  async function run(): Promise<void> {
    let backoff = 100;
    while (!stopper.signal.aborted) {
      try {
        if (!isReady) {
          await relist();
          isReady = true;
          markReady();
        }
        for await (const ev of storage.watch(prefix, currentRev, stopper.signal)) {
          apply(ev);
          backoff = 100;
        }
      } catch (err) {
        if (stopper.signal.aborted) break;
        if (isStorageError(err, 'Gone')) {
          log.warn({ err, revision: currentRev }, 'watch cache fell behind compaction, relisting');
          isReady = false;
          continue;
        }
        log.warn({ err, revision: currentRev, backoffMs: backoff }, 'watch cache storage watch failed, restarting');
      }
      if (stopper.signal.aborted) break;
      await sleep(backoff, stopper.signal);
      backoff = Math.min(backoff * 2, 5000);
    }
  }

  /** joinLive replays the ring after w.lastSeen and subscribes w, in one synchronous step. */
  function joinLive(w: CacheWatcher): void {
    catchingUp.delete(w);
    if (w.queue.closed) return;
    for (const ev of ring.after(w.lastSeen)) deliver(w, ev);
    if (!w.queue.closed) live.add(w);
  }

  async function catchUp(w: CacheWatcher): Promise<void> {
    catchingUp.add(w);
    const signal = w.closed.signal;
    const local = new AbortController();
    const stopLocal = (): void => local.abort();
    signal.addEventListener('abort', stopLocal, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        // No event since the initial list: nothing else can be pending below the ring's start.
        if (ring.length === 0 && ringStart === listRev) {
          w.lastSeen = Math.max(w.lastSeen, ringStart);
          local.abort();
        }
      }, idleMs);
    };
    try {
      armIdle();
      for await (const ev of storage.watch(prefix, w.lastSeen, local.signal)) {
        armIdle();
        // An event newer than the ring's start is in the ring (or soon will be): switch over.
        if (ev.revision > ringStart) break;
        deliver(w, ev);
        if (w.lastSeen >= ringStart) break;
      }
      if (!signal.aborted && catchingUp.has(w)) joinLive(w);
    } catch (err) {
      w.queue.end(err);
    } finally {
      clearTimeout(idle);
      local.abort();
      signal.removeEventListener('abort', stopLocal);
      catchingUp.delete(w);
    }
  }

  async function attach(w: CacheWatcher, from: number, signal: AbortSignal): Promise<void> {
    await Promise.race([readyPromise, new Promise((r) => signal.addEventListener('abort', r, { once: true }))]);
    if (signal.aborted || w.queue.closed) return;
    if (from === 0) {
      for (const key of [...objects.keys()].sort()) {
        const object = objects.get(key)!;
        const ev: StorageEvent = { type: 'ADDED', object, revision: Number(object.metadata.resourceVersion) };
        // The initial state may exceed the queue's bound: it is sent once, in full.
        if (!w.filter || w.filter(ev)) w.queue.push(ev, true);
      }
      w.lastSeen = currentRev;
      live.add(w);
    } else if (from >= ringStart) {
      joinLive(w);
    } else {
      await catchUp(w);
    }
  }

  function startBookmarks(w: CacheWatcher, everyMs: number): () => void {
    const timer = setInterval(() => {
      if (!live.has(w)) return;
      w.queue.push({ type: 'BOOKMARK', revision: Math.max(currentRev, w.lastSeen) });
    }, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  return {
    async start() {
      running ??= run();
      await readyPromise;
    },
    async stop() {
      stopper.abort();
      for (const w of [...live, ...catchingUp]) w.queue.end();
      live.clear();
      await running;
    },
    watch<T extends KubeObject>(o: CacheWatchOptions): AsyncIterable<CacheEvent<T>> {
      let stopBookmarks: (() => void) | undefined;
      const w: CacheWatcher = {
        filter: o.filter,
        lastSeen: o.fromRevision,
        closed: new AbortController(),
        queue: undefined as unknown as EventQueue<CacheEvent>,
      };
      w.queue = createEventQueue<CacheEvent>({
        capacity: queueCapacity,
        signal: o.signal,
        onClose: () => {
          live.delete(w);
          stopBookmarks?.();
          w.closed.abort();
        },
      });
      // A watch that arrives after stop (a server shutting down) ends at once instead of hanging.
      if (stopper.signal.aborted) {
        w.queue.end();
        return w.queue as AsyncIterable<CacheEvent> as AsyncIterable<CacheEvent<T>>;
      }
      if (o.bookmarkIntervalMs) stopBookmarks = startBookmarks(w, o.bookmarkIntervalMs);
      attach(w, o.fromRevision, w.closed.signal).catch((err: unknown) => w.queue.end(err));
      return w.queue as AsyncIterable<CacheEvent> as AsyncIterable<CacheEvent<T>>;
    },
    bookmarkRevision: () => currentRev,
    listFromCache<T extends KubeObject>() {
      const items = [...objects.keys()].sort().map((k) => objects.get(k) as T);
      return { items, resourceVersion: String(currentRev) };
    },
    getFromCache: <T extends KubeObject>(key: string) => objects.get(key) as T | undefined,
    watcherCount: () => live.size + catchingUp.size,
    ready: () => isReady,
  };
}
