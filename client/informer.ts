/**
 * createInformer keeps a local Store in sync with the API server by list + watch (client-go's
 * reflector + DeltaFIFO + indexer, collapsed into one loop):
 * - list (paged), then replace the store: add / update(old, new) / delete with a
 *   DeletedFinalStateUnknown tombstone for objects that vanished while not watching;
 * - watch from the list's resourceVersion; a stream that ends is resumed from the last seen
 *   resourceVersion (events and BOOKMARKs advance it);
 * - 410 Gone relists at once; any other error relists after exponential backoff — the informer
 *   never stops on errors, only when its signal aborts;
 * - optional periodic resync delivers update(obj, obj).
 * hasSynced() turns true after the first list has been delivered to handlers.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { isGone, isTooManyRequests } from '../api/errors.ts';
import { isConnectionFailure } from './http-status.ts';
import type { Client, EventHandlers, IndexFunc, Informer, InformerOptions, Lister, ResourceClient } from './types.ts';
import type { Clock } from './clock.ts';
import { realClock, sleep } from './clock.ts';
import { Store, namespaceIndex, objectKey } from './store.ts';
import { labelMatcher } from './selector.ts';

/** InformerRunOptions extend InformerOptions with the knobs tests and benchmarks turn. */
export interface InformerRunOptions extends InformerOptions {
  logger?: Logger;
  clock?: Clock;
  /** pageSize of the paged list; default 500. */
  pageSize?: number;
  /** backoff after errors, doubling from initialMs to maxMs; defaults 200 ms → 30 s. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** watchTimeoutSeconds asks the server to end each watch after this long; default 5–10 min. */
  watchTimeoutSeconds?: number;
}

/** createInformer builds an Informer of one resource; call run(signal) to start it. */
export function createInformer<T extends KubeObject>(client: Client, info: ResourceInfo, opts: InformerRunOptions = {}): Informer<T> {
  return new ListWatchInformer<T>(client.resource<T>(info), opts);
}

class ListWatchInformer<T extends KubeObject> implements Informer<T> {
  readonly lister: Lister<T>;
  #rc: ResourceClient<T>;
  #opts: InformerRunOptions;
  #clock: Clock;
  #store = new Store<T>();
  #handlers: EventHandlers<T>[] = [];
  #synced = false;
  #rv = '';

  constructor(rc: ResourceClient<T>, opts: InformerRunOptions) {
    this.#rc = rc;
    this.#opts = opts;
    this.#clock = opts.clock ?? realClock;
    const store = this.#store;
    this.lister = {
      get: (ns, name) => store.get(ns && rc.info.namespaced ? `${ns}/${name}` : name),
      list: (ns, labelSelector) => {
        const items = ns ? store.byIndex(namespaceIndex, ns) : store.list();
        if (!labelSelector) return items;
        const m = labelMatcher(labelSelector);
        return items.filter((o) => m(o.metadata.labels));
      },
      byIndex: (name, value) => store.byIndex(name, value),
    };
  }

  addEventHandler(handlers: EventHandlers<T>): void {
    this.#handlers.push(handlers);
    // A late handler first hears about everything already cached, as in client-go.
    for (const obj of this.#store.list()) this.#call(handlers, 'add', obj);
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.#store.addIndexer(name, fn);
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  lastSyncResourceVersion(): string {
    return this.#rv;
  }

  /** storeSize is the number of cached objects (benchmarks, tests). */
  storeSize(): number {
    return this.#store.size;
  }

  async run(signal: AbortSignal): Promise<void> {
    const log = this.#opts.logger?.child({ informer: this.#rc.info.resource });
    const initial = this.#opts.backoffInitialMs ?? 200;
    const max = this.#opts.backoffMaxMs ?? 30_000;
    let backoff = initial;
    let lastWasGone = false;
    const resync = this.#startResync(signal);
    try {
      while (!signal.aborted) {
        const started = this.#clock.now();
        try {
          await this.#listAndReplace(signal);
          await this.#watchUntilError(signal);
        } catch (err) {
          if (signal.aborted) break;
          // A cycle that stayed healthy for a while starts the backoff over.
          const healthy = this.#clock.now() - started > 30_000;
          if (healthy) backoff = initial;
          // 410 Gone means our resourceVersion was compacted: relist at once (repeated ones back off).
          const wait = isGone(err) && (healthy || !lastWasGone) ? 0 : backoff;
          lastWasGone = isGone(err);
          log?.warn({ err, resourceVersion: this.#rv, retryInMs: wait }, 'list/watch failed; relisting');
          if (wait > 0) {
            await sleep(this.#clock, wait, signal);
            backoff = Math.min(backoff * 2, max);
          }
        }
      }
    } finally {
      resync();
    }
  }

  /** #listAndReplace lists every page and reconciles the store with it. */
  async #listAndReplace(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    const base = { labelSelector: this.#opts.labelSelector, fieldSelector: this.#opts.fieldSelector };
    do {
      const page = await this.#rc.list(this.#opts.namespace, { ...base, limit: this.#opts.pageSize ?? 500, continue: cont });
      if (signal.aborted) return;
      items.push(...page.items);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? rv;
    } while (cont);
    this.#replace(items);
    this.#rv = rv;
    this.#synced = true;
  }

  #replace(items: T[]): void {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.#store.set(obj);
      if (!old) this.#emit('add', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.#emit('update', old, obj);
    }
    for (const key of this.#store.keys()) {
      if (seen.has(key)) continue;
      const old = this.#store.delete(key) as T;
      // Deleted while we were not watching: the final state is unknown, hand out the last one seen.
      this.#emit('delete', { key, obj: old, tombstone: true });
    }
  }

  /**
   * #watchUntilError watches from the current RV, resuming after clean stream ends and (like
   * client-go's reflector) after connection failures and 429s, with backoff; other errors —
   * 410 Gone above all — are thrown so the caller relists.
   */
  async #watchUntilError(signal: AbortSignal): Promise<void> {
    let backoff = this.#opts.backoffInitialMs ?? 200;
    const max = this.#opts.backoffMaxMs ?? 30_000;
    while (!signal.aborted) {
      const rv = this.#rv;
      try {
        await this.#watchOnce(signal);
      } catch (err) {
        if (signal.aborted || !(isConnectionFailure(err) || isTooManyRequests(err))) throw err;
        if (this.#rv !== rv) backoff = this.#opts.backoffInitialMs ?? 200;
        this.#opts.logger?.warn({ err, informer: this.#rc.info.resource, retryInMs: backoff }, 'watch failed; resuming from the last resourceVersion');
        await sleep(this.#clock, backoff, signal);
        backoff = Math.min(backoff * 2, max);
      }
    }
  }

  /** #watchOnce runs one watch stream from the current RV until it ends. */
  async #watchOnce(signal: AbortSignal): Promise<void> {
    const events = this.#rc.watch(this.#opts.namespace, {
      labelSelector: this.#opts.labelSelector,
      fieldSelector: this.#opts.fieldSelector,
      resourceVersion: this.#rv,
      allowWatchBookmarks: true,
      timeoutSeconds: this.#opts.watchTimeoutSeconds ?? Math.floor(300 * (1 + Math.random())),
      signal,
    });
    const startRv = this.#rv;
    const started = this.#clock.now();
    for await (const ev of events) {
      if (signal.aborted) return;
      this.#apply(ev.type, ev.object);
    }
    // A stream that ends at once without progress is suspicious (server going away): relist.
    if (this.#rv === startRv && this.#clock.now() - started < 1000 && !signal.aborted) {
      throw new Error('watch ended immediately without events');
    }
  }

  #apply(type: string, obj: T): void {
    const rv = obj.metadata.resourceVersion;
    if (type === 'BOOKMARK') {
      if (rv) this.#rv = rv;
      return;
    }
    if (type === 'DELETED') {
      this.#store.delete(objectKey(obj));
      this.#emit('delete', obj);
    } else {
      const old = this.#store.set(obj);
      if (old) this.#emit('update', old, obj);
      else this.#emit('add', obj);
    }
    if (rv) this.#rv = rv;
  }

  #startResync(signal: AbortSignal): () => void {
    const period = this.#opts.resyncPeriodMs ?? 0;
    if (period <= 0) return () => {};
    let handle: unknown;
    const tick = () => {
      if (signal.aborted) return;
      if (this.#synced) for (const obj of this.#store.list()) this.#emit('update', obj, obj);
      handle = this.#clock.setTimeout(tick, period);
    };
    handle = this.#clock.setTimeout(tick, period);
    return () => this.#clock.clearTimeout(handle);
  }

  #emit(kind: 'add' | 'update' | 'delete', a: unknown, b?: unknown): void {
    for (const h of this.#handlers) this.#call(h, kind, a, b);
  }

  #call(h: EventHandlers<T>, kind: 'add' | 'update' | 'delete', a: unknown, b?: unknown): void {
    try {
      if (kind === 'add') h.add?.(a as T);
      else if (kind === 'update') h.update?.(a as T, b as T);
      else h.delete?.(a as T);
    } catch (err) {
      // A handler bug must not stop the informer; handlers should only enqueue anyway.
      this.#opts.logger?.error({ err, informer: this.#rc.info.resource }, 'event handler threw');
    }
  }
}
