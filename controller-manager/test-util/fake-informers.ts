/**
 * Fixture-style informers for controller unit tests (like client-go's `informer.GetIndexer().Add`):
 * a SharedInformerFactory whose stores the test fills directly, so a test sets up the world,
 * runs `sync(key)` once and asserts the API calls the fake client recorded.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { EventHandlers, IndexFunc, Informer, InformerOptions, Lister, SharedInformerFactory } from '../../client/types.ts';
import { parseSelector } from '../../client/selector.ts';

/** FakeInformer is an Informer backed by a plain map the test controls. */
export interface FakeInformer<T extends KubeObject> extends Informer<T> {
  /** add puts (or replaces) objects in the store and calls add/update handlers. */
  add(...objs: T[]): void;
  /** remove deletes an object from the store and calls delete handlers. */
  remove(obj: T): void;
  items(): T[];
}

const storeKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** deepFreeze makes cached objects immutable, so a controller mutating the cache fails its tests (design §3.2). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** createFakeInformer makes one fake informer. */
export function createFakeInformer<T extends KubeObject>(): FakeInformer<T> {
  const store = new Map<string, T>();
  const handlers: EventHandlers<T>[] = [];
  const indexers = new Map<string, IndexFunc<T>>();
  const lister: Lister<T> = {
    get: (ns, name) => store.get(`${ns ?? ''}/${name}`),
    list: (ns, sel) => {
      const m = parseSelector(sel);
      return [...store.values()].filter((o) => (ns === undefined || ns === '' || o.metadata.namespace === ns) && m(o.metadata.labels ?? {}));
    },
    byIndex: (name, value) => {
      const fn = indexers.get(name);
      return fn ? [...store.values()].filter((o) => fn(o).includes(value)) : [];
    },
  };
  return {
    lister,
    // Like client-go, a handler added late first gets an add for every object already stored.
    addEventHandler: (h) => {
      handlers.push(h);
      for (const o of store.values()) h.add?.(o);
    },
    addIndexer: (name, fn) => void indexers.set(name, fn),
    hasSynced: () => true,
    lastSyncResourceVersion: () => '1',
    run: async () => {},
    add: (...objs) => {
      for (const o of objs) {
        deepFreeze(o);
        const old = store.get(storeKey(o));
        store.set(storeKey(o), o);
        for (const h of handlers) old ? h.update?.(old, o) : h.add?.(o);
      }
    },
    remove: (o) => {
      store.delete(storeKey(o));
      for (const h of handlers) h.delete?.(o);
    },
    items: () => [...store.values()],
  };
}

/** FakeInformerFactory hands out fake informers and lets tests reach them by resource. */
export interface FakeInformerFactory extends SharedInformerFactory {
  informer<T extends KubeObject>(info: ResourceInfo): FakeInformer<T>;
}

/** createFakeInformerFactory makes a factory of fake informers (one per resource). */
export function createFakeInformerFactory(): FakeInformerFactory {
  const informers = new Map<string, FakeInformer<KubeObject>>();
  const get = <T extends KubeObject>(info: ResourceInfo): FakeInformer<T> => {
    const k = `${info.group}/${info.resource}`;
    let i = informers.get(k);
    if (!i) informers.set(k, (i = createFakeInformer<KubeObject>()));
    return i as unknown as FakeInformer<T>;
  };
  return {
    informerFor: <T extends KubeObject>(info: ResourceInfo, _opts?: InformerOptions) => get<T>(info),
    informer: get,
    start: () => {},
    waitForCacheSync: async () => true,
  };
}
