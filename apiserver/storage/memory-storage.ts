/**
 * An in-memory Storage with etcd's semantics (a global revision starting at 1, per-key version
 * history, reads at a revision, compaction → Gone, watch from a revision) for unit tests of the
 * REST layer, the watch cache and other packages. Not for production: nothing is persisted.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { newBadRequest } from '../../api/errors.ts';
import { decodeObject, encodeObject } from './codec.ts';
import { CONTINUE_EXPIRED, decodeContinue, encodeContinue } from './continue-token.ts';
import { createEventQueue, type EventQueue } from './event-queue.ts';
import { checkPreconditions, checkUpdatedVersion } from './preconditions.ts';
import {
  StorageError,
  type ListParams,
  type ListResult,
  type Preconditions,
  type Storage,
  type StorageEvent,
  type UpdateFunc,
} from './types.ts';

interface Version {
  rev: number;
  /** value undefined marks a deletion (tombstone). */
  value?: string;
}

interface LogEntry {
  rev: number;
  key: string;
  value?: string;
  prevValue?: string;
  prevRev?: number;
}

interface MemoryWatcher {
  prefix: string;
  queue: EventQueue<StorageEvent>;
}

/** MemoryStorage is Storage plus knobs tests use to simulate an unreachable or flaky etcd. */
export interface MemoryStorage extends Storage {
  /** setAvailable(false) makes every call fail with Unavailable and ends open watches with it. */
  setAvailable(ok: boolean): void;
  /** breakWatches ends every open watch with Unavailable (a dropped etcd watch stream). */
  breakWatches(): void;
  /** compactedRevision is the revision history was last compacted at (0 = never). */
  compactedRevision(): number;
}

/** createMemoryStorage makes an empty in-memory store at revision 1 (like a fresh etcd). */
export function createMemoryStorage(): MemoryStorage {
  const keys = new Map<string, Version[]>();
  const log: LogEntry[] = [];
  const watchers = new Set<MemoryWatcher>();
  let rev = 1;
  let compacted = 0;
  let available = true;

  const ensureAvailable = (key: string): void => {
    if (!available) throw new StorageError('Unavailable', key, 'storage unavailable (simulated)');
  };

  /** versionAt is the state of key at revision r (undefined when absent then). */
  const versionAt = (key: string, r: number): Version | undefined => {
    const versions = keys.get(key);
    if (!versions) return undefined;
    for (let i = versions.length - 1; i >= 0; i--) {
      const v = versions[i]!;
      if (v.rev <= r) return v.value === undefined ? undefined : v;
    }
    return undefined;
  };

  const toEvent = (e: LogEntry): StorageEvent => {
    if (e.value === undefined) {
      const last = decodeObject(e.key, e.prevValue!, e.rev);
      return { type: 'DELETED', object: last, prevObject: decodeObject(e.key, e.prevValue!, e.prevRev!), revision: e.rev };
    }
    const object = decodeObject(e.key, e.value, e.rev);
    if (e.prevValue === undefined) return { type: 'ADDED', object, revision: e.rev };
    return { type: 'MODIFIED', object, prevObject: decodeObject(e.key, e.prevValue, e.prevRev!), revision: e.rev };
  };

  /** commit appends a new revision for key (value undefined = delete) and notifies watchers. */
  const commit = (key: string, value: string | undefined): number => {
    const prev = versionAt(key, rev);
    rev++;
    const versions = keys.get(key) ?? [];
    versions.push({ rev, value });
    keys.set(key, versions);
    const entry: LogEntry = { rev, key, value, prevValue: prev?.value, prevRev: prev?.rev };
    log.push(entry);
    for (const w of watchers) if (key.startsWith(w.prefix)) w.queue.push(toEvent(entry));
    return rev;
  };

  const current = <T extends KubeObject>(key: string): { obj: T; version: Version } => {
    const v = versionAt(key, rev);
    if (!v) throw new StorageError('NotFound', key);
    return { obj: decodeObject<T>(key, v.value!, v.rev), version: v };
  };

  const sortedKeysFrom = (start: string, prefix: string): string[] =>
    [...keys.keys()].filter((k) => k.startsWith(prefix) && k >= start).sort();

  const storage: MemoryStorage = {
    async get<T extends KubeObject>(key: string): Promise<T> {
      ensureAvailable(key);
      return current<T>(key).obj;
    },

    async list<T extends KubeObject>(prefix: string, params: ListParams = {}): Promise<ListResult<T>> {
      ensureAvailable(prefix);
      if (!prefix.endsWith('/')) throw newBadRequest(`list prefix ${prefix} must end in '/'`);
      let readRev = rev;
      let start = prefix;
      if (params.continue) {
        const pos = decodeContinue(params.continue, prefix);
        if (pos.rv < compacted) throw new StorageError('Gone', prefix, CONTINUE_EXPIRED);
        readRev = pos.rv;
        start = pos.start;
      }
      const limit = params.limit && params.limit > 0 ? params.limit : Infinity;
      const items: T[] = [];
      const candidates = sortedKeysFrom(start, prefix).filter((k) => versionAt(k, readRev));
      let i = 0;
      for (; i < candidates.length && items.length < limit; i++) {
        const k = candidates[i]!;
        const v = versionAt(k, readRev)!;
        const obj = decodeObject<T>(k, v.value!, v.rev);
        if (!params.predicate || params.predicate(obj)) items.push(obj);
      }
      const result: ListResult<T> = { items, resourceVersion: String(readRev) };
      const rest = candidates.slice(i);
      const more = params.predicate ? rest.some((k) => params.predicate!(decodeObject(k, versionAt(k, readRev)!.value!, 0))) : rest.length > 0;
      if (more) {
        result.continue = encodeContinue(readRev, candidates[i - 1]!);
        if (!params.predicate) result.remainingItemCount = rest.length;
      }
      return result;
    },

    async create<T extends KubeObject>(key: string, obj: T): Promise<T> {
      ensureAvailable(key);
      if (versionAt(key, rev)) throw new StorageError('AlreadyExists', key);
      const value = encodeObject(obj);
      return decodeObject<T>(key, value, commit(key, value));
    },

    async guaranteedUpdate<T extends KubeObject>(key: string, tryUpdate: UpdateFunc<T>, pre?: Preconditions): Promise<T> {
      for (;;) {
        ensureAvailable(key);
        const { obj, version } = current<T>(key);
        checkPreconditions(key, obj, pre);
        const updated = await tryUpdate(structuredClone(obj));
        checkUpdatedVersion(key, obj, updated);
        ensureAvailable(key);
        // Someone wrote in between (tryUpdate may await): start over from the new state.
        if (versionAt(key, rev) !== version) continue;
        const value = encodeObject(updated);
        // An update that changes nothing is not written, so the resourceVersion stays (as in Kubernetes).
        if (value === version.value) return obj;
        return decodeObject<T>(key, value, commit(key, value));
      }
    },

    async delete<T extends KubeObject>(key: string, pre?: Preconditions): Promise<T> {
      ensureAvailable(key);
      const { obj } = current<T>(key);
      checkPreconditions(key, obj, pre);
      const deletedAt = commit(key, undefined);
      return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(deletedAt) } };
    },

    watch<T extends KubeObject>(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StorageEvent<T>> {
      const queue = createEventQueue<StorageEvent>({ signal, onClose: () => watchers.delete(w) });
      const w: MemoryWatcher = { prefix, queue };
      if (!available) {
        queue.end(new StorageError('Unavailable', prefix, 'storage unavailable (simulated)'));
      } else if (fromRevision + 1 < compacted) {
        queue.end(new StorageError('Gone', prefix, `${fromRevision} (history compacted at ${compacted})`));
      } else {
        // Replay and subscribe in one synchronous step so no event falls in between.
        for (const e of log) if (e.rev > fromRevision && e.key.startsWith(prefix)) queue.push(toEvent(e));
        if (!queue.closed) watchers.add(w);
      }
      return queue as AsyncIterable<StorageEvent> as AsyncIterable<StorageEvent<T>>;
    },

    async currentRevision(): Promise<number> {
      ensureAvailable('');
      return rev;
    },

    async compact(revision: number): Promise<void> {
      ensureAvailable('');
      const r = Math.min(revision, rev);
      if (r <= compacted) return;
      compacted = r;
      // Keep, per key, the newest version at or below r (unless it is a deletion) and all later ones.
      for (const [k, versions] of keys) {
        let keepFrom = versions.findLastIndex((v) => v.rev <= r);
        if (keepFrom >= 0 && versions[keepFrom]!.value === undefined) keepFrom++;
        const kept = versions.slice(Math.max(keepFrom, 0));
        if (kept.length === 0) keys.delete(k);
        else keys.set(k, kept);
      }
      const firstKept = log.findIndex((e) => e.rev >= r);
      log.splice(0, firstKept < 0 ? log.length : firstKept);
    },

    async healthy(): Promise<boolean> {
      return available;
    },

    async close(): Promise<void> {
      for (const w of [...watchers]) w.queue.end();
    },

    setAvailable(ok: boolean): void {
      available = ok;
      if (!ok) storage.breakWatches();
    },

    breakWatches(): void {
      for (const w of [...watchers]) w.queue.end(new StorageError('Unavailable', w.prefix, 'watch stream broken (simulated)'));
    },

    compactedRevision: () => compacted,
  };
  return storage;
}
