/**
 * ObjectTracker is the in-memory "API server + etcd" behind the fake client: objects per
 * resource, one global resourceVersion counter (like etcd's revision), an event history that
 * watches replay from, compaction (so watches from an old RV fail with 410 Gone), and
 * server-like semantics: generateName, uid, generation bumps on spec changes, status kept
 * apart from the main resource, optimistic concurrency, finalizers.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import { allResources } from '../../api/resources.ts';
import { newAlreadyExists, newBadRequest, newConflict, newGone, newNotFound } from '../../api/errors.ts';
import type { WatchEvent } from '../types.ts';
import { Channel } from '../channel.ts';
import { objectMatches } from '../selector.ts';

interface HistoryEvent {
  rv: number;
  gr: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  old?: KubeObject;
}

interface Watcher {
  gr: string;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  bookmarks: boolean;
  channel: Channel<WatchEvent>;
}

/** WatchScope selects what a tracker watch delivers. */
export interface WatchScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  signal?: AbortSignal;
}

const grOf = (info: ResourceInfo): string => `${info.group}/${info.resource}`;
const keyOf = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;
const nsOf = (info: ResourceInfo, ns: string | undefined): string | undefined => (info.namespaced ? ns || undefined : undefined);

/** infoForObject finds the ResourceInfo of an object by apiVersion and kind. */
export function infoForObject(obj: KubeObject): ResourceInfo {
  const found = allResources().find((r) => r.kind === obj.kind && (!obj.apiVersion || apiVersionOf(r) === obj.apiVersion));
  if (!found) throw new Error(`fake tracker: unknown kind ${obj.apiVersion ?? ''} ${obj.kind ?? '(no kind)'}`);
  return found;
}

/** ObjectTracker stores objects in memory with API-server semantics; see the file comment. */
export class ObjectTracker {
  #rv = 0;
  #compactedRv = 0;
  #objects = new Map<string, Map<string, KubeObject>>();
  #history: HistoryEvent[] = [];
  #watchers = new Set<Watcher>();

  /** resourceVersion is the current global revision. */
  resourceVersion(): string {
    return String(this.#rv);
  }

  /**
   * add seeds a fixture object (kind and apiVersion pick its resource) like create, but keeps
   * the server fields the fixture sets (uid, creationTimestamp, deletionTimestamp, generation)
   * so tests can age objects; only resourceVersion is always assigned.
   */
  add(obj: KubeObject): KubeObject {
    const info = infoForObject(obj);
    const created = this.create(info, obj.metadata.namespace, obj);
    const stored = this.#stored(info, created.metadata.namespace, created.metadata.name ?? '');
    const m = obj.metadata;
    for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'generation'] as const) {
      if (m[k] !== undefined) (stored.metadata as Record<string, unknown>)[k] = m[k];
    }
    // Watches opened before the seed saw the stamped copy; fixtures are seeded before watching.
    return structuredClone(stored);
  }

  #bucket(info: ResourceInfo): Map<string, KubeObject> {
    let m = this.#objects.get(grOf(info));
    if (!m) this.#objects.set(grOf(info), (m = new Map()));
    return m;
  }

  #stored(info: ResourceInfo, ns: string | undefined, name: string): KubeObject {
    const obj = this.#bucket(info).get(keyOf(nsOf(info, ns), name));
    if (!obj) throw newNotFound({ group: info.group, resource: info.resource }, name);
    return obj;
  }

  /** get returns a copy of one object or throws NotFound. */
  get(info: ResourceInfo, ns: string | undefined, name: string): KubeObject {
    return structuredClone(this.#stored(info, ns, name));
  }

  /** list returns copies of the matching objects (sorted by namespace/name) and the list RV. */
  list(info: ResourceInfo, scope: WatchScope = {}): { items: KubeObject[]; resourceVersion: string } {
    const ns = nsOf(info, scope.namespace);
    const items = [...this.#bucket(info).entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o)
      .filter((o) => (ns === undefined || o.metadata.namespace === ns) && objectMatches(o, scope.labelSelector, scope.fieldSelector))
      .map((o) => structuredClone(o));
    return { items, resourceVersion: this.resourceVersion() };
  }

  /** create stores a new object: name (or generateName), uid, creationTimestamp, generation 1. */
  create(info: ResourceInfo, ns: string | undefined, input: KubeObject): KubeObject {
    const obj = structuredClone(input);
    const namespace = nsOf(info, ns ?? obj.metadata.namespace);
    if (info.namespaced && !namespace) throw newBadRequest(`${info.resource} must be created in a namespace`);
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + randomUUID().slice(0, 5);
    const name = obj.metadata.name;
    if (!name) throw newBadRequest('name or generateName is required');
    const bucket = this.#bucket(info);
    if (bucket.has(keyOf(namespace, name))) throw newAlreadyExists({ group: info.group, resource: info.resource }, name);
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    obj.metadata.namespace = namespace;
    if (!namespace) delete obj.metadata.namespace;
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = new Date().toISOString();
    obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    obj.metadata.resourceVersion = String(++this.#rv);
    bucket.set(keyOf(namespace, name), obj);
    this.#emit({ rv: this.#rv, gr: grOf(info), type: 'ADDED', object: obj });
    return structuredClone(obj);
  }

  /**
   * update replaces an object. A set metadata.resourceVersion must match (else Conflict). The
   * main resource keeps the stored status when the kind has a status subresource; subresource
   * 'status' changes only the status. A no-op update keeps the resourceVersion.
   */
  update(info: ResourceInfo, input: KubeObject, subresource?: string): KubeObject {
    const ns = nsOf(info, input.metadata.namespace);
    const name = input.metadata.name ?? '';
    const old = this.#stored(info, ns, name);
    const gr = { group: info.group, resource: info.resource };
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw newConflict(gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const next = this.#merged(info, old, structuredClone(input), subresource);
    if (JSON.stringify(next) === JSON.stringify(old)) return structuredClone(old);
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length)) return this.#remove(info, ns, name, next);
    next.metadata.resourceVersion = String(++this.#rv);
    this.#bucket(info).set(keyOf(ns, name), next);
    this.#emit({ rv: this.#rv, gr: grOf(info), type: 'MODIFIED', object: next, old });
    return structuredClone(next);
  }

  #merged(info: ResourceInfo, old: KubeObject, obj: KubeObject, subresource?: string): KubeObject {
    const o = old as unknown as Record<string, unknown>;
    if (subresource === 'status') return { ...structuredClone(old), status: (obj as unknown as Record<string, unknown>).status } as KubeObject;
    const next = obj as unknown as Record<string, unknown>;
    if (info.subresources.includes('status')) {
      if (o.status === undefined) delete next.status;
      else next.status = structuredClone(o.status);
    }
    // Server-owned metadata cannot be changed by an update.
    const m = old.metadata;
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    Object.assign(obj.metadata, { uid: m.uid, creationTimestamp: m.creationTimestamp, namespace: m.namespace, resourceVersion: m.resourceVersion });
    if (!m.namespace) delete obj.metadata.namespace;
    if (m.deletionTimestamp) obj.metadata.deletionTimestamp = m.deletionTimestamp;
    else delete obj.metadata.deletionTimestamp;
    const specOf = (x: Record<string, unknown>) => JSON.stringify({ ...x, metadata: undefined, status: undefined });
    obj.metadata.generation = (m.generation ?? 1) + (specOf(o) !== specOf(next) ? 1 : 0);
    return obj;
  }

  /**
   * delete removes an object, or with finalizers only marks it (deletionTimestamp) until an
   * update empties them. A uid/resourceVersion precondition that does not match is a Conflict.
   */
  delete(info: ResourceInfo, ns: string | undefined, name: string, preconditions?: { uid?: string; resourceVersion?: string }): KubeObject {
    const namespace = nsOf(info, ns);
    const old = this.#stored(info, namespace, name);
    const gr = { group: info.group, resource: info.resource };
    if (preconditions?.uid && preconditions.uid !== old.metadata.uid) throw newConflict(gr, name, 'Precondition failed: UID in precondition does not match');
    if (preconditions?.resourceVersion && preconditions.resourceVersion !== old.metadata.resourceVersion) {
      throw newConflict(gr, name, 'Precondition failed: ResourceVersion in precondition does not match');
    }
    if (old.metadata.finalizers?.length) {
      if (old.metadata.deletionTimestamp) return structuredClone(old);
      const next = structuredClone(old);
      next.metadata.deletionTimestamp = new Date().toISOString();
      next.metadata.resourceVersion = String(++this.#rv);
      this.#bucket(info).set(keyOf(namespace, name), next);
      this.#emit({ rv: this.#rv, gr: grOf(info), type: 'MODIFIED', object: next, old });
      return structuredClone(next);
    }
    return this.#remove(info, namespace, name, old);
  }

  #remove(info: ResourceInfo, ns: string | undefined, name: string, last: KubeObject): KubeObject {
    const obj = structuredClone(last);
    obj.metadata.resourceVersion = String(++this.#rv);
    this.#bucket(info).delete(keyOf(ns, name));
    this.#emit({ rv: this.#rv, gr: grOf(info), type: 'DELETED', object: obj });
    return structuredClone(obj);
  }

  #emit(ev: HistoryEvent): void {
    this.#history.push(ev);
    for (const w of this.#watchers) if (w.gr === ev.gr) this.#deliver(w, ev);
  }

  #deliver(w: Watcher, ev: HistoryEvent): void {
    const inScope = (o: KubeObject | undefined) =>
      !!o && (w.namespace === undefined || o.metadata.namespace === w.namespace) && objectMatches(o, w.labelSelector, w.fieldSelector);
    const now = inScope(ev.object);
    const before = ev.type === 'MODIFIED' ? inScope(ev.old) : now;
    // A change that moves an object into or out of a selector is seen as ADDED / DELETED.
    let type: WatchEvent['type'] | undefined = ev.type;
    if (ev.type === 'MODIFIED') type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    else if (!now) type = undefined;
    if (type) w.channel.push({ type, object: structuredClone(ev.object) });
  }

  /**
   * watch streams events of one resource. Without a resourceVersion (or '0') it first sends
   * ADDED for every current object; with one it replays history after it, or throws 410 Gone
   * if that history was compacted.
   */
  watch(info: ResourceInfo, scope: WatchScope = {}): AsyncIterable<WatchEvent> {
    const w: Watcher = {
      gr: grOf(info),
      namespace: nsOf(info, scope.namespace),
      labelSelector: scope.labelSelector,
      fieldSelector: scope.fieldSelector,
      bookmarks: !!scope.allowWatchBookmarks,
      channel: new Channel<WatchEvent>(),
    };
    const rv = scope.resourceVersion;
    if (rv && rv !== '0' && Number(rv) < this.#compactedRv) {
      w.channel.close(newGone(`too old resource version: ${rv} (${this.#compactedRv})`));
      return w.channel;
    }
    if (!rv || rv === '0') {
      for (const o of this.list(info, scope).items) w.channel.push({ type: 'ADDED', object: o });
    } else {
      for (const ev of this.#history) if (ev.rv > Number(rv) && ev.gr === w.gr) this.#deliver(w, ev);
    }
    this.#watchers.add(w);
    const stop = () => {
      this.#watchers.delete(w);
      w.channel.close();
    };
    if (scope.signal?.aborted) stop();
    scope.signal?.addEventListener('abort', stop, { once: true });
    return this.#untilClosed(w, stop);
  }

  async *#untilClosed(w: Watcher, stop: () => void): AsyncIterable<WatchEvent> {
    try {
      yield* w.channel;
    } finally {
      stop();
    }
  }

  /** compact drops history up to the current revision: watches from older RVs get 410 Gone. */
  compact(): void {
    this.#compactedRv = this.#rv;
    this.#history = [];
  }

  /** bookmark sends a BOOKMARK with the current revision to watches that asked for bookmarks. */
  bookmark(): void {
    for (const w of this.#watchers) {
      if (w.bookmarks) w.channel.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: this.resourceVersion() } } });
    }
  }

  /** closeWatches ends every open watch, with an error if given (a server restart, a 410). */
  closeWatches(error?: unknown): void {
    for (const w of this.#watchers) w.channel.close(error);
    this.#watchers.clear();
  }

  /** watcherCount is the number of open watches (tests wait on it). */
  watcherCount(): number {
    return this.#watchers.size;
  }
}
