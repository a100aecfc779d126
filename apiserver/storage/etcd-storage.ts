/**
 * Storage on a real etcd cluster through the etcd3 client — the only file in Skiff that imports
 * etcd3 (design §3.6). resourceVersion = the key's mod revision, list RV = header revision,
 * writes are transactions comparing create/mod revisions, watches use etcd's own history.
 */
import { circuitBreaker, ConsecutiveBreaker, handleWhen, noop } from 'cockatiel';
import { Etcd3, isRecoverableError, Range, type IKeyValue, type IRangeRequest, type IWatchResponse, type Watcher } from 'etcd3';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { newBadRequest } from '../../api/errors.ts';
import { silentLogger, type Logger } from '../../component-base/logger.ts';
import { decodeObject, encodeObject, withResourceVersion } from './codec.ts';
import { CONTINUE_EXPIRED, decodeContinue, encodeContinue } from './continue-token.ts';
import { neverSent, toStorageError } from './etcd-errors.ts';
import { createEventQueue } from './event-queue.ts';
import { parseObjectKey } from './keys.ts';
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

/** EtcdStorageOptions configure createEtcdStorage. */
export interface EtcdStorageOptions {
  /** endpoints are etcd client URLs, e.g. ['http://127.0.0.1:2379']. */
  endpoints: string[];
  /** dialTimeoutMs caps the gRPC reconnect backoff, so a restarted etcd is found again quickly (default 1000). */
  dialTimeoutMs?: number;
  /** requestTimeoutMs is the deadline of every unary etcd call (default 5000): etcd down → Unavailable, never a hang. */
  requestTimeoutMs?: number;
  /** tls (PEM) dials etcd over TLS with a client certificate (etcd's --client-cert-auth); endpoints are then https://. */
  tls?: EtcdTls;
  logger?: Logger;
}

/** EtcdTls is the etcd CA and the client certificate/key the API server presents (--etcd-cafile/certfile/keyfile). */
export interface EtcdTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

const READ_ATTEMPTS = 3;
const LIST_CHUNK = 1000;
const buf = (s: string): Buffer => Buffer.from(s);

/** createEtcdStorage connects to etcd (lazily: the first call dials) and returns the Storage over it. */
export function createEtcdStorage(opts: EtcdStorageOptions): Storage {
  const log = (opts.logger ?? silentLogger()).child({ component: 'etcd-storage' });
  const timeoutMs = opts.requestTimeoutMs ?? 5000;
  const client = new Etcd3({
    hosts: opts.endpoints.map((e) => e.replace(/^https?:\/\//, '')),
    ...(opts.tls ? { credentials: { rootCertificate: opts.tls.ca, certChain: opts.tls.cert, privateKey: opts.tls.key } } : {}),
    // Streams (watch) live long; every unary call gets a deadline.
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    faultHandling: {
      // Retries are ours (idempotent reads only): the default global retry would re-send writes.
      global: noop,
      host: () => circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }),
    },
    grpcOptions: {
      // A page of big objects may exceed gRPC's 4 MiB default (Kubernetes lifts it the same way).
      'grpc.max_receive_message_length': 2 ** 31 - 1,
      'grpc.max_reconnect_backoff_ms': opts.dialTimeoutMs ?? 1000,
      'grpc.initial_reconnect_backoff_ms': 100,
      // etcd's default keepalive enforcement allows pings every 5 s; a dead peer is noticed in ~15 s.
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5000,
    },
  });
  const closers = new Set<() => void>();

  async function call<R>(key: string, idempotent: boolean, fn: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const mapped = toStorageError(key, err);
        const retriable = mapped instanceof StorageError && mapped.code === 'Unavailable' && (idempotent || neverSent(err));
        if (!retriable || attempt >= READ_ATTEMPTS) throw mapped;
        log.debug({ err, key, attempt }, 'etcd call failed, retrying');
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  const range = (key: string, req: IRangeRequest) => call(key, true, () => client.kv.range(req));

  async function getKv(key: string): Promise<IKeyValue> {
    const res = await range(key, { key: buf(key) });
    const kv = res.kvs[0];
    if (!kv) throw new StorageError('NotFound', key);
    return kv;
  }

  async function list<T extends KubeObject>(prefix: string, params: ListParams = {}): Promise<ListResult<T>> {
    if (!prefix.endsWith('/')) throw newBadRequest(`list prefix ${prefix} must end in '/'`);
    const end = Range.prefix(prefix).end;
    let rev = 0;
    let start = prefix;
    if (params.continue) {
      const pos = decodeContinue(params.continue, prefix);
      rev = pos.rv;
      start = pos.start;
    }
    const limit = params.limit && params.limit > 0 ? params.limit : 0;
    // Unlimited lists are read in chunks (bounded gRPC messages and memory); with a predicate,
    // chunks are bigger than the page because many keys may be filtered out.
    const chunk = limit === 0 ? LIST_CHUNK : params.predicate ? Math.max(limit, 250) : limit;
    const items: T[] = [];
    for (;;) {
      const res = await range(prefix, { key: buf(start), range_end: end, limit: chunk, revision: rev }).catch((err: unknown) => {
        throw params.continue && err instanceof StorageError && err.code === 'Gone' ? new StorageError('Gone', prefix, CONTINUE_EXPIRED) : err;
      });
      // Later chunks and pages read at the first read's revision: one consistent snapshot.
      if (rev === 0) rev = Number(res.header.revision);
      for (let i = 0; i < res.kvs.length; i++) {
        const kv = res.kvs[i]!;
        const obj = decodeObject<T>(kv.key.toString(), kv.value.toString(), kv.mod_revision);
        if (params.predicate && !params.predicate(obj)) continue;
        items.push(obj);
        if (limit > 0 && items.length === limit) {
          const more = i < res.kvs.length - 1 || res.more;
          const result: ListResult<T> = { items, resourceVersion: String(rev) };
          if (more) {
            result.continue = encodeContinue(rev, kv.key.toString());
            if (!params.predicate) result.remainingItemCount = Number(res.count) - res.kvs.length;
          }
          return result;
        }
      }
      const last = res.kvs.at(-1);
      if (!res.more || !last) return { items, resourceVersion: String(rev) };
      start = `${last.key.toString()}\0`;
    }
  }

  async function create<T extends KubeObject>(key: string, obj: T): Promise<T> {
    const value = encodeObject(obj);
    const res = await call(key, false, () =>
      client.kv.txn({
        compare: [{ key: buf(key), target: 'Create', result: 'Equal', create_revision: 0 }],
        success: [{ request_put: { key: buf(key), value: buf(value) } }],
        failure: [],
      }),
    );
    if (!res.succeeded) throw new StorageError('AlreadyExists', key);
    // What was stored is obj itself (encodeObject only drops resourceVersion): answer with a copy of
    // its top level and metadata instead of parsing the value back (a JSON.parse per create, the
    // hottest write path). Nested fields are shared with obj, which callers hand over on create.
    return withResourceVersion(obj, res.header.revision);
  }

  /** casTxn writes (value) or deletes (undefined) key if its mod revision is still modRev; else returns the current kv. */
  async function casTxn(key: string, modRev: string, value: string | undefined): Promise<{ ok: true; rev: string } | { ok: false; current?: IKeyValue }> {
    const res = await call(key, false, () =>
      client.kv.txn({
        compare: [{ key: buf(key), target: 'Mod', result: 'Equal', mod_revision: modRev }],
        success: [value === undefined ? { request_delete_range: { key: buf(key) } } : { request_put: { key: buf(key), value: buf(value) } }],
        failure: [{ request_range: { key: buf(key) } }],
      }),
    );
    if (res.succeeded) return { ok: true, rev: res.header.revision };
    return { ok: false, current: res.responses[0]?.response_range?.kvs[0] };
  }

  async function guaranteedUpdate<T extends KubeObject>(key: string, tryUpdate: UpdateFunc<T>, pre?: Preconditions): Promise<T> {
    let kv = await getKv(key);
    for (;;) {
      const stored = kv.value.toString();
      const current = decodeObject<T>(key, stored, kv.mod_revision);
      checkPreconditions(key, current, pre);
      const updated = await tryUpdate(structuredClone(current));
      checkUpdatedVersion(key, current, updated);
      const value = encodeObject(updated);
      // Nothing changed: no write, the resourceVersion stays (as in Kubernetes).
      if (value === stored) return current;
      const r = await casTxn(key, kv.mod_revision, value);
      if (r.ok) return decodeObject<T>(key, value, r.rev);
      if (!r.current) throw new StorageError('NotFound', key);
      kv = r.current; // lost a race: retry on the state etcd returned in the same round trip
    }
  }

  async function del<T extends KubeObject>(key: string, pre?: Preconditions): Promise<T> {
    let kv = await getKv(key);
    for (;;) {
      const current = decodeObject<T>(key, kv.value.toString(), kv.mod_revision);
      checkPreconditions(key, current, pre);
      const r = await casTxn(key, kv.mod_revision, undefined);
      if (r.ok) return withResourceVersion(current, r.rev);
      if (!r.current) throw new StorageError('NotFound', key);
      kv = r.current;
    }
  }

  /** toEvent turns one etcd watch event into a StorageEvent (undefined if it cannot be decoded). */
  function toEvent(ev: IWatchResponse['events'][number]): StorageEvent {
    const key = ev.kv.key.toString();
    const rev = Number(ev.kv.mod_revision);
    const prev = ev.prev_kv ? decodeObject(key, ev.prev_kv.value.toString(), ev.prev_kv.mod_revision) : undefined;
    if (ev.type === 'Delete') {
      // prev_kv is only missing if etcd compacted it away mid-watch: rebuild the object's identity from its key.
      const parsed = parseObjectKey(key);
      const last = prev ?? { metadata: { name: parsed?.name ?? key, ...(parsed?.namespace ? { namespace: parsed.namespace } : {}) } };
      return { type: 'DELETED', object: withResourceVersion(last, rev), prevObject: prev, revision: rev };
    }
    const object = decodeObject(key, ev.kv.value.toString(), rev);
    if (ev.kv.create_revision === ev.kv.mod_revision) return { type: 'ADDED', object, revision: rev };
    return { type: 'MODIFIED', object, prevObject: prev, revision: rev };
  }

  /** compactedBefore tells whether revision rev is no longer in etcd history. */
  async function compactedBefore(prefix: string, rev: number): Promise<boolean> {
    try {
      const current = Number((await range(prefix, { key: buf(prefix), count_only: true })).header.revision);
      if (rev > current) return false;
      await range(prefix, { key: buf(prefix), count_only: true, revision: rev });
      return false;
    } catch (err) {
      if (err instanceof StorageError && err.code === 'Gone') return true;
      throw err;
    }
  }

  function watch<T extends KubeObject>(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StorageEvent<T>> {
    let watcher: Watcher | undefined;
    const endOnClose = (): void => queue.end();
    const stop = (): void => {
      closers.delete(endOnClose);
      watcher?.removeAllListeners();
      watcher?.on('error', () => {});
      watcher?.cancel().catch(() => {});
      watcher = undefined;
    };
    const queue = createEventQueue<StorageEvent>({ signal, onClose: stop });
    closers.add(endOnClose);
    let last = fromRevision;
    const fail = (err: unknown): void => {
      stop();
      // A cancelled watch is either compaction (Gone) or a server-side problem: find out which.
      compactedBefore(prefix, last + 1).then(
        (gone) => queue.end(gone ? new StorageError('Gone', prefix, `${last} (revision ${last + 1} has been compacted)`) : toStorageError(prefix, err)),
        (e: unknown) => queue.end(e),
      );
    };
    const open = async (): Promise<void> => {
      if (await compactedBefore(prefix, fromRevision + 1)) throw new StorageError('Gone', prefix, `${fromRevision} (revision ${fromRevision + 1} has been compacted)`);
      if (queue.closed) return;
      const w = client.watch().prefix(prefix).startRevision(String(fromRevision + 1)).withPreviousKV().watcher();
      watcher = w;
      w.on('data', (res: IWatchResponse) => {
        try {
          for (const ev of res.events) {
            const e = toEvent(ev);
            last = e.revision;
            queue.push(e);
          }
        } catch (err) {
          // An undecodable value must end this stream, not escape into the etcd3 client (which rethrows it globally).
          log.error({ err, prefix }, 'watch event could not be decoded');
          queue.end(err);
        }
      });
      // The etcd3 client would silently re-attach from its own idea of the revision; we end the
      // stream instead and let the caller (the watch cache) resume from the last event it saw.
      w.on('disconnected', (err: Error) => queue.end(toStorageError(prefix, err)));
      w.on('error', fail);
    };
    open().catch((err: unknown) => queue.end(toStorageError(prefix, err)));
    return queue as AsyncIterable<StorageEvent> as AsyncIterable<StorageEvent<T>>;
  }

  async function currentRevision(): Promise<number> {
    const res = await range('', { key: buf('/registry/'), count_only: true });
    return Number(res.header.revision);
  }

  return {
    async get<T extends KubeObject>(key: string): Promise<T> {
      const kv = await getKv(key);
      return decodeObject<T>(key, kv.value.toString(), kv.mod_revision);
    },
    list,
    create,
    guaranteedUpdate,
    delete: del,
    watch,
    currentRevision,
    async compact(revision: number) {
      const current = await currentRevision();
      try {
        await call('', false, () => client.kv.compact({ revision: Math.min(revision, current) }));
      } catch (err) {
        // Already compacted at or beyond revision: nothing to do.
        if (!(err instanceof StorageError && err.code === 'Gone')) throw err;
      }
    },
    async healthy() {
      try {
        await client.kv.range({ key: buf('health') }, { deadline: Date.now() + Math.min(timeoutMs, 2000) });
        return true;
      } catch (err) {
        log.warn({ err }, 'etcd health check failed');
        return false;
      }
    },
    async close() {
      for (const c of [...closers]) c();
      client.close();
    },
  };
}

/** RawEtcdWriter puts bytes straight through etcd3, with no Storage semantics. */
export interface RawEtcdWriter {
  put(key: string, value: string): Promise<void>;
  close(): void;
}

/**
 * createRawEtcdWriter is the baseline for benchmarks (API-server creates/s ÷ raw etcd3 puts/s):
 * it lives here so that this file stays the only importer of etcd3.
 */
export function createRawEtcdWriter(endpoints: string[]): RawEtcdWriter {
  const client = new Etcd3({ hosts: endpoints.map((e) => e.replace(/^https?:\/\//, '')) });
  return {
    async put(key, value) {
      await client.put(key).value(value).exec();
    },
    close: () => client.close(),
  };
}
