/**
 * simpleInformerFactory is a minimal list+watch SharedInformerFactory for the kubelet's own
 * integration tests over any Client (the fake client included), so they do not depend on
 * client/'s informer. Production code uses client/shared-informer-factory.ts.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { Client, EventHandlers, Informer, InformerOptions, Lister, SharedInformerFactory } from '../../client/types.ts';

function key(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function simpleInformer<T extends KubeObject>(client: Client, info: ResourceInfo, opts: InformerOptions): Informer<T> {
  const store = new Map<string, T>();
  const handlers: EventHandlers<T>[] = [];
  let synced = false;
  let rv = '';
  const lister: Lister<T> = {
    get: (ns, name) => store.get(`${ns ?? ''}/${name}`),
    list: (ns) => [...store.values()].filter((o) => ns === undefined || o.metadata.namespace === ns),
    byIndex: () => [],
  };
  return {
    lister,
    addEventHandler: (h) => void handlers.push(h),
    addIndexer: () => {},
    hasSynced: () => synced,
    lastSyncResourceVersion: () => rv,
    async run(signal) {
      const rc = client.resource<T>(info);
      while (!signal.aborted) {
        try {
          const list = await rc.list(opts.namespace, { fieldSelector: opts.fieldSelector, labelSelector: opts.labelSelector });
          const seen = new Set<string>();
          for (const o of list.items) {
            const k = key(o);
            seen.add(k);
            const old = store.get(k);
            store.set(k, o);
            for (const h of handlers) old ? h.update?.(old, o) : h.add?.(o);
          }
          for (const [k, o] of store) if (!seen.has(k)) { store.delete(k); for (const h of handlers) h.delete?.(o); }
          rv = list.metadata?.resourceVersion ?? '';
          synced = true;
          for await (const ev of rc.watch(opts.namespace, { resourceVersion: rv, fieldSelector: opts.fieldSelector, labelSelector: opts.labelSelector, signal })) {
            if (ev.type === 'ERROR') break;
            if (ev.type === 'BOOKMARK') continue;
            const k = key(ev.object);
            rv = ev.object.metadata.resourceVersion ?? rv;
            const old = store.get(k);
            if (ev.type === 'DELETED') {
              store.delete(k);
              for (const h of handlers) h.delete?.(ev.object);
            } else {
              store.set(k, ev.object);
              for (const h of handlers) old ? h.update?.(old, ev.object) : h.add?.(ev.object);
            }
          }
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
  };
}

/** simpleInformerFactory: see the file comment. */
export function simpleInformerFactory(client: Client): SharedInformerFactory {
  const informers: Array<Informer<KubeObject>> = [];
  let signal: AbortSignal | undefined;
  return {
    informerFor<T extends KubeObject>(info: ResourceInfo, opts: InformerOptions = {}) {
      const inf = simpleInformer<T>(client, info, opts);
      informers.push(inf as unknown as Informer<KubeObject>);
      if (signal) void inf.run(signal);
      return inf;
    },
    start(s) {
      signal = s;
      for (const i of informers) void i.run(s);
    },
    async waitForCacheSync(s) {
      while (!informers.every((i) => i.hasSynced())) {
        if (s.aborted) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    },
  };
}
