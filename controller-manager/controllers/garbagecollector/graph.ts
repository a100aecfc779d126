import type { KubeObject, OwnerReference } from '../../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../../api/resource-info.ts';

/** GraphNode is one object known to the garbage collector. */
export interface GraphNode {
  info: ResourceInfo;
  obj: KubeObject;
}

/**
 * OwnerGraph is the garbage collector's view of ownership: every object by uid and, for every
 * owner uid (present or not), the uids of its dependents. Fed by the informers of all kinds.
 */
export class OwnerGraph {
  readonly nodes = new Map<string, GraphNode>();
  readonly #dependents = new Map<string, Set<string>>();

  /** upsert records an object and re-indexes its owner references. */
  upsert(info: ResourceInfo, obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const old = this.nodes.get(uid);
    for (const r of old?.obj.metadata.ownerReferences ?? []) this.#dependents.get(r.uid)?.delete(uid);
    this.nodes.set(uid, { info, obj });
    for (const r of obj.metadata.ownerReferences ?? []) {
      let s = this.#dependents.get(r.uid);
      if (!s) this.#dependents.set(r.uid, (s = new Set()));
      s.add(uid);
    }
  }

  /** remove forgets an object (its dependents stay indexed under its uid, to be collected). */
  remove(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const old = this.nodes.get(uid);
    for (const r of old?.obj.metadata.ownerReferences ?? []) {
      const s = this.#dependents.get(r.uid);
      s?.delete(uid);
      if (s?.size === 0) this.#dependents.delete(r.uid);
    }
    this.nodes.delete(uid);
  }

  /** dependentsOf returns the known dependents of an owner uid. */
  dependentsOf(uid: string): GraphNode[] {
    return [...(this.#dependents.get(uid) ?? [])].map((d) => this.nodes.get(d)).filter((n): n is GraphNode => !!n);
  }
}

/** refTo returns the reference a dependent holds to owner uid. */
export function refTo(obj: KubeObject, uid: string): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.uid === uid);
}

/** GC finalizer names, as in Kubernetes. */
export const FinalizerOrphan = 'orphan';
export const FinalizerForeground = 'foregroundDeletion';
