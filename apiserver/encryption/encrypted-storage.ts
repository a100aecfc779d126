import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { StorageError, type ListParams, type Storage, type StorageEvent, type UpdateFunc } from '../storage/types.ts';
import { PREFIX, transformerFor, type Transformer } from './aes-gcm.ts';
import type { EncryptionConfig } from './config.ts';

/**
 * Envelope is what an encrypted object looks like in etcd: only what the storage layer itself
 * reads stays in the clear (name, namespace and uid for keys and preconditions); everything
 * else — data, labels, annotations (kubectl's last-applied copy of the data) — is one sealed
 * string `k8s:enc:aesgcm:v1:<key>:<base64>`.
 */
interface Envelope extends KubeObject {
  encrypted: string;
}

const isEnvelope = (o: KubeObject): o is Envelope => typeof (o as Envelope).encrypted === 'string' && (o as Envelope).encrypted.startsWith(PREFIX);

function stripVersion(obj: KubeObject): string {
  const { resourceVersion: _rv, ...meta } = obj.metadata ?? {};
  return JSON.stringify({ ...obj, metadata: meta });
}

/** codecFor returns seal/open for objects at one key, with the key as authenticated data (a sealed value cannot be moved to another key). */
function codecFor(t: Transformer) {
  return {
    seal(key: string, obj: KubeObject): KubeObject {
      const sealed = t.seal(Buffer.from(stripVersion(obj)), key);
      if (sealed === undefined) return obj;
      const m = obj.metadata ?? {};
      const metadata = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion };
      return { apiVersion: obj.apiVersion, kind: obj.kind, metadata, encrypted: sealed } as Envelope;
    },
    open<T extends KubeObject>(key: string, stored: T): T {
      if (!isEnvelope(stored)) return stored;
      let plain: T;
      try {
        plain = JSON.parse(t.open(stored.encrypted, key).toString('utf8')) as T;
      } catch (err) {
        throw new StorageError('InvalidObject', key, `cannot decrypt ${key}: ${(err as Error).message}`);
      }
      plain.metadata = { ...plain.metadata, resourceVersion: stored.metadata.resourceVersion };
      return plain;
    },
  };
}

/** keyOfEvent rebuilds an object's key from the watched prefix (namespaced or not). */
function keyOfEvent(prefix: string, obj: KubeObject): string {
  const m = obj.metadata;
  // '/registry/<resource>/' spans namespaces; '/registry/<resource>/<ns>/' is one namespace.
  const acrossNamespaces = prefix.split('/').length === 4;
  return m.namespace && acrossNamespaces ? `${prefix}${m.namespace}/${m.name}` : `${prefix}${m.name}`;
}

/**
 * withEncryption wraps a Storage so that objects of the configured resources are sealed before
 * they reach etcd and opened when read, listed or watched — the REST layer and the watch cache
 * above see plaintext. Values written before encryption was turned on (or with identity first)
 * are read as they are; rewriting an object re-encrypts it with the current first key.
 */
export function withEncryption(storage: Storage, config: EncryptionConfig): Storage {
  const codecs = new Map<string, ReturnType<typeof codecFor>>();
  for (const r of config.resources) for (const res of r.resources) if (!codecs.has(res)) codecs.set(res, codecFor(transformerFor(r.providers)));
  const codec = (key: string) => codecs.get(key.split('/')[2] ?? '');
  const wrapParams = (prefix: string, c: ReturnType<typeof codecFor>, params?: ListParams): ListParams | undefined =>
    params?.predicate ? { ...params, predicate: (o) => params.predicate!(c.open(keyOfEvent(prefix, o), o)) } : params;
  return {
    currentRevision: () => storage.currentRevision(),
    compact: (rev) => storage.compact(rev),
    healthy: () => storage.healthy(),
    close: () => storage.close(),
    async get<T extends KubeObject>(key: string) {
      const c = codec(key);
      const obj = await storage.get<T>(key);
      return c ? c.open(key, obj) : obj;
    },
    async list<T extends KubeObject>(prefix: string, params?: ListParams) {
      const c = codec(prefix);
      if (!c) return storage.list<T>(prefix, params);
      const res = await storage.list<T>(prefix, wrapParams(prefix, c, params));
      return { ...res, items: res.items.map((o) => c.open(keyOfEvent(prefix, o), o)) };
    },
    async create<T extends KubeObject>(key: string, obj: T) {
      const c = codec(key);
      if (!c) return storage.create(key, obj);
      return c.open(key, await storage.create(key, c.seal(key, obj) as T));
    },
    async guaranteedUpdate<T extends KubeObject>(key: string, tryUpdate: UpdateFunc<T>, pre?: Parameters<Storage['guaranteedUpdate']>[2]) {
      const c = codec(key);
      if (!c) return storage.guaranteedUpdate(key, tryUpdate, pre);
      const out = await storage.guaranteedUpdate<T>(
        key,
        async (stored) => {
          const current = c.open(key, stored);
          const updated = await tryUpdate(structuredClone(current));
          // Unchanged plaintext keeps the stored ciphertext, so the storage sees no change and does not write.
          if (isEnvelope(stored) && stripVersion(updated) === stripVersion(current)) return stored;
          return c.seal(key, updated) as T;
        },
        pre,
      );
      return c.open(key, out);
    },
    async delete<T extends KubeObject>(key: string, pre?: Parameters<Storage['delete']>[1]) {
      const c = codec(key);
      const obj = await storage.delete<T>(key, pre);
      return c ? c.open(key, obj) : obj;
    },
    watch<T extends KubeObject>(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StorageEvent<T>> {
      const c = codec(prefix);
      const inner = storage.watch<T>(prefix, fromRevision, signal);
      if (!c) return inner;
      return (async function* () {
        for await (const ev of inner) {
          const key = keyOfEvent(prefix, ev.object);
          yield { ...ev, object: c.open(key, ev.object), prevObject: ev.prevObject ? c.open(key, ev.prevObject) : undefined };
        }
      })();
    },
  };
}
