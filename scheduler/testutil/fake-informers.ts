/**
 * A hand-driven SharedInformerFactory for the scheduler's unit tests: each informer is a store
 * whose add/update/delete the test calls to fire handlers synchronously, so scheduling tests
 * are deterministic (no watch timing).
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { EventHandlers, Informer, Lister, SharedInformerFactory } from '../../client/types.ts';

/** FakeInformer is an Informer the test drives. */
export interface FakeInformer<T extends KubeObject> extends Informer<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

function fakeInformer<T extends KubeObject>(): FakeInformer<T> {
  const store = new Map<string, T>();
  const handlers: EventHandlers<T>[] = [];
  let rv = 1;
  const stamp = (o: T): T => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++rv) } });
  const lister: Lister<T> = {
    get: (ns, name) => store.get(`${ns ?? ''}/${name}`),
    list: (ns) => [...store.values()].filter((o) => ns === undefined || o.metadata.namespace === ns),
    byIndex: () => [],
  };
  return {
    lister,
    addEventHandler: (h) => void handlers.push(h),
    addIndexer: () => {},
    hasSynced: () => true,
    lastSyncResourceVersion: () => String(rv),
    run: async () => {},
    add(obj) {
      const o = stamp(obj);
      store.set(keyOf(o), o);
      for (const h of handlers) h.add?.(o);
    },
    update(obj) {
      const old = store.get(keyOf(obj));
      const o = stamp(obj);
      store.set(keyOf(o), o);
      for (const h of handlers) old ? h.update?.(old, o) : h.add?.(o);
    },
    delete(obj) {
      const old = store.get(keyOf(obj));
      store.delete(keyOf(obj));
      if (old) for (const h of handlers) h.delete?.(old);
    },
  };
}

/** FakeInformerFactory hands out FakeInformers by resource name. */
export interface FakeInformerFactory extends SharedInformerFactory {
  informer<T extends KubeObject>(resource: string): FakeInformer<T>;
}

/** fakeInformerFactory builds a FakeInformerFactory. */
export function fakeInformerFactory(): FakeInformerFactory {
  const informers = new Map<string, FakeInformer<KubeObject>>();
  const get = <T extends KubeObject>(resource: string) => {
    if (!informers.has(resource)) informers.set(resource, fakeInformer());
    return informers.get(resource) as unknown as FakeInformer<T>;
  };
  return {
    informerFor: <T extends KubeObject>(info: ResourceInfo) => get<T>(info.resource),
    informer: get,
    start: () => {},
    waitForCacheSync: async () => true,
  };
}
