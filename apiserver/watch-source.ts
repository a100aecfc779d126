import type { Logger } from '../component-base/logger.ts';
import type { ProgressEvent, WatchSource } from './registry/types.ts';
import { createWatchCache, type WatchCache } from './storage/watch-cache.ts';
import type { Storage, StorageEvent } from './storage/types.ts';

/** CachedWatchSource is a WatchSource backed by one watch cache per resource, started on first use. */
export interface CachedWatchSource extends WatchSource {
  /** caches are the watch caches started so far, by resource prefix. */
  caches(): Map<string, WatchCache>;
  /** cacheFor returns (starting it if needed) the watch cache of a resource prefix such as `/registry/namespaces/`. */
  cacheFor(resourcePrefix: string): WatchCache;
  stop(): Promise<void>;
}

/** splitPrefix turns `/registry/pods/ns1/` into the resource prefix `/registry/pods/` and namespace `ns1`. */
export function splitPrefix(prefix: string): { resourcePrefix: string; namespace?: string } {
  const parts = prefix.split('/').filter(Boolean);
  return { resourcePrefix: `/${parts[0]}/${parts[1]}/`, namespace: parts[2] };
}

/**
 * createCachedWatchSource serves every watch of a resource from a single watch cache (one etcd
 * watch per resource); a namespaced watch is the resource's stream filtered by namespace.
 */
export function createCachedWatchSource(storage: Storage, logger: Logger, bookmarkIntervalMs = 5000): CachedWatchSource {
  const caches = new Map<string, WatchCache>();
  const cacheFor = (resourcePrefix: string): WatchCache => {
    let cache = caches.get(resourcePrefix);
    if (!cache) {
      cache = createWatchCache(storage, resourcePrefix, { logger });
      caches.set(resourcePrefix, cache);
      cache.start().catch((err: unknown) => logger.error({ err, prefix: resourcePrefix }, 'watch cache failed to start'));
    }
    return cache;
  };
  return {
    watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StorageEvent | ProgressEvent> {
      const { resourcePrefix, namespace } = splitPrefix(prefix);
      const filter = namespace ? (ev: StorageEvent) => ev.object.metadata.namespace === namespace : undefined;
      return cacheFor(resourcePrefix).watch({ fromRevision, signal, filter, bookmarkIntervalMs });
    },
    caches: () => caches,
    cacheFor,
    async stop() {
      await Promise.all([...caches.values()].map((c) => c.stop()));
    },
  };
}
