/** staticLister serves a fixed list of objects as a client Lister, for plugin unit tests. */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Lister } from '../../client/types.ts';

/** staticLister returns a Lister over `objects` (labelSelector and indexes unsupported). */
export function staticLister<T extends KubeObject>(objects: T[]): Lister<T> {
  return {
    get: (ns, name) => objects.find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === (ns ?? '')),
    list: (ns) => objects.filter((o) => ns === undefined || o.metadata.namespace === ns),
    byIndex: () => [],
  };
}
