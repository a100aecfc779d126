/**
 * The contract of client/: every component (scheduler, controller-manager, kubelet, proxy,
 * skiffctl, e2e) talks to the API server only through these interfaces. Implementations live
 * beside this file; unit tests of other components use in-memory fakes of them
 * (client/fake/*).
 */
import type { KubeList, KubeObject } from '../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { Status } from '../api/meta/v1/status.ts';

/** PatchType is one of the four Kubernetes patch content types. */
export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

/** ListOptions are the query parameters of a list or watch. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
}

/** WatchOptions add the abort signal a watch stream stops on. */
export interface WatchOptions extends ListOptions {
  signal?: AbortSignal;
}

/** WatchEvent is one decoded line of a watch stream. ERROR events carry a Status. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** WriteOptions are the query parameters of create/update/patch. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  /** force applies a server-side apply over conflicts. */
  force?: boolean;
  /** subresource targets e.g. 'status' or 'scale'. */
  subresource?: string;
}

/** DeleteOptions mirror metav1.DeleteOptions. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * ResourceClient is the typed REST client of one resource (e.g. pods). `namespace` is ignored
 * for cluster-scoped resources; `undefined` namespace on list/watch means all namespaces.
 * Every failure is thrown as a StatusError (api/errors.ts).
 */
export interface ResourceClient<T extends KubeObject> {
  readonly info: ResourceInfo;
  get(namespace: string | undefined, name: string): Promise<T>;
  list(namespace: string | undefined, opts?: ListOptions): Promise<KubeList<T>>;
  create(namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T>;
  /** update PUTs the whole object; a stale metadata.resourceVersion gives a Conflict. */
  update(obj: T, opts?: WriteOptions): Promise<T>;
  /** updateStatus PUTs to the status subresource. */
  updateStatus(obj: T, opts?: WriteOptions): Promise<T>;
  patch(namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts?: WriteOptions): Promise<T>;
  delete(namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<T | Status>;
  deleteCollection(namespace: string | undefined, opts?: ListOptions & DeleteOptions): Promise<void>;
  /** watch streams events until the signal aborts, the server ends the stream, or an error. */
  watch(namespace: string | undefined, opts?: WatchOptions): AsyncIterable<WatchEvent<T>>;
  /** subresource GET/POST/PUT for things like pods/binding, pods/eviction, deployments/scale. */
  createSubresource<B, R = unknown>(namespace: string | undefined, name: string, subresource: string, body: B): Promise<R>;
  getSubresource<R = unknown>(namespace: string | undefined, name: string, subresource: string, query?: Record<string, string>): Promise<R>;
}

/** Client is a connection to the API server, handing out typed resource clients. */
export interface Client {
  resource<T extends KubeObject>(info: ResourceInfo): ResourceClient<T>;
  /** request is the raw escape hatch (discovery, logs, /version); throws StatusError on non-2xx. */
  request(method: string, path: string, opts?: { query?: Record<string, string>; body?: unknown; contentType?: string; accept?: string; signal?: AbortSignal }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: unknown }>;
  /** stream returns the raw body stream of a GET (pods/log follow). */
  stream(path: string, opts?: { query?: Record<string, string>; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>>;
  /** server is the base URL currently used. */
  readonly server: string;
  close(): Promise<void>;
}

/** DeletedFinalStateUnknown wraps an object deleted while the informer was not watching. */
export interface DeletedFinalStateUnknown<T> {
  key: string;
  obj: T;
  tombstone: true;
}

/** EventHandlers are informer callbacks; they only enqueue (design §3.2). */
export interface EventHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  delete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/** IndexFunc maps an object to the index values it is filed under (e.g. spec.nodeName). */
export type IndexFunc<T> = (obj: T) => string[];

/** Lister reads an informer's store; returned objects are shared: structuredClone before mutating. */
export interface Lister<T extends KubeObject> {
  /** get by namespace and name (namespace '' or undefined for cluster-scoped). */
  get(namespace: string | undefined, name: string): T | undefined;
  /** list, optionally in one namespace and filtered by a label selector string. */
  list(namespace?: string, labelSelector?: string): T[];
  byIndex(indexName: string, value: string): T[];
}

/** Informer keeps a store in sync with the server by list + watch, and calls handlers. */
export interface Informer<T extends KubeObject> {
  readonly lister: Lister<T>;
  addEventHandler(handlers: EventHandlers<T>): void;
  addIndexer(name: string, fn: IndexFunc<T>): void;
  hasSynced(): boolean;
  /** lastSyncResourceVersion is the resourceVersion of the last list or event seen. */
  lastSyncResourceVersion(): string;
  /** run starts list+watch until signal aborts; resolves after it stops. */
  run(signal: AbortSignal): Promise<void>;
}

/** InformerOptions scope an informer. */
export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** resyncPeriodMs re-delivers every object as update(old, old) periodically; 0 = never. */
  resyncPeriodMs?: number;
}

/** SharedInformerFactory gives one informer per (resource, options), so a process opens one watch each. */
export interface SharedInformerFactory {
  informerFor<T extends KubeObject>(info: ResourceInfo, opts?: InformerOptions): Informer<T>;
  /** start runs every informer created so far (and later ones) until signal aborts. */
  start(signal: AbortSignal): void;
  /** waitForCacheSync resolves true once all informers have synced, false if signal aborts first. */
  waitForCacheSync(signal: AbortSignal): Promise<boolean>;
}

/** RateLimitingQueue is client-go's workqueue: deduplicating, delaying, rate-limited. */
export interface RateLimitingQueue<K = string> {
  add(item: K): void;
  addAfter(item: K, delayMs: number): void;
  addRateLimited(item: K): void;
  forget(item: K): void;
  numRequeues(item: K): number;
  /** get waits for the next item; resolves {shutdown: true} once shut down and drained. */
  get(): Promise<{ item: K; shutdown: false } | { item?: undefined; shutdown: true }>;
  done(item: K): void;
  len(): number;
  shutDown(): void;
  /** shutDownWithDrain waits until items being processed are done. */
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

/** SyncFunc reconciles one key; a thrown error requeues the key rate-limited. */
export type SyncFunc<K = string> = (key: K) => Promise<void>;

/** EventRecorder emits core/v1 Events about an object without blocking the caller. */
export interface EventRecorder {
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}
