/**
 * The storage contract of the API server (design §3.6): etcd3 is wrapped behind Storage in
 * exactly one place (apiserver/storage/etcd-storage.ts); the REST layer and its unit tests
 * see only this interface (unit tests use the in-memory fake in apiserver/storage/memory-storage.ts).
 *
 * Keys are `/registry/<resource>/<namespace>/<name>` (cluster-scoped: `/registry/<resource>/<name>`),
 * built only from validated segments. Values are the JSON of the object. resourceVersion is the
 * etcd mod revision of the key; a list's resourceVersion is the store's header revision.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';

/** StorageErrorCode says why a storage call failed; the REST layer turns it into a Status. */
export type StorageErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Gone' | 'Unavailable' | 'InvalidObject';

/** StorageError is thrown by every Storage method on failure. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;

  constructor(code: StorageErrorCode, key: string, message?: string) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
  }
}

/** isStorageError tells whether err is a StorageError with the given code. */
export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}

/** Preconditions guard a write or delete: it fails with Conflict when they do not hold. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** ListResult is one page of objects under a prefix. */
export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  /** resourceVersion of the list (etcd header revision at the time of the read). */
  resourceVersion: string;
  /** continue token for the next page, absent on the last page. */
  continue?: string;
  remainingItemCount?: number;
}

/** ListParams page through a prefix. */
export interface ListParams {
  limit?: number;
  continue?: string;
  /** predicate filters items server-side before paging counts them. */
  predicate?: (obj: KubeObject) => boolean;
}

/** StorageEvent is one change under a watched prefix, with the object's state before and after. */
export interface StorageEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** object: the new state (for DELETED: the last state, with resourceVersion = the delete revision). */
  object: T;
  /** prevObject: the state before the change (undefined for ADDED). Lets filtered watchers see objects leave a selector. */
  prevObject?: T;
  /** revision of the change. */
  revision: number;
}

/** UpdateFunc computes the new object from the current one; throw to abort the update. */
export type UpdateFunc<T extends KubeObject = KubeObject> = (current: T) => T | Promise<T>;

/** Storage is the narrow interface over etcd. */
export interface Storage {
  /** get returns the object at key with metadata.resourceVersion set; NotFound when missing. */
  get<T extends KubeObject>(key: string): Promise<T>;
  /** list returns the objects whose keys start with prefix (which must end in '/'). */
  list<T extends KubeObject>(prefix: string, params?: ListParams): Promise<ListResult<T>>;
  /** create stores obj at key if absent (AlreadyExists otherwise); returns it with resourceVersion. */
  create<T extends KubeObject>(key: string, obj: T): Promise<T>;
  /**
   * guaranteedUpdate reads the current object, applies tryUpdate and writes the result in an etcd
   * transaction comparing the mod revision, retrying on a concurrent change. Preconditions (and a
   * resourceVersion set on the object returned by tryUpdate that differs from current) → Conflict.
   */
  guaranteedUpdate<T extends KubeObject>(key: string, tryUpdate: UpdateFunc<T>, preconditions?: Preconditions): Promise<T>;
  /** delete removes key (Conflict if preconditions fail) and returns the last stored object. */
  delete<T extends KubeObject>(key: string, preconditions?: Preconditions): Promise<T>;
  /** watch streams changes under prefix after revision `fromRevision` (exclusive); Gone when compacted. */
  watch<T extends KubeObject>(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StorageEvent<T>>;
  /** currentRevision is the store's latest revision. */
  currentRevision(): Promise<number>;
  /** compact discards history up to revision (tests and the periodic compactor use it). */
  compact(revision: number): Promise<void>;
  /** healthy tells whether the store answers (readyz). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
