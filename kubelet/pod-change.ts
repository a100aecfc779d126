/**
 * specChanged tells whether a pod update concerns the kubelet. The kubelet writes pod status
 * itself, so an update that changed only status (its own write coming back through the watch,
 * or a controller's condition) needs no sync — as Kubernetes' kubelet, which reconciles such
 * updates without syncing. Everything else (spec, labels, annotations, deletion, owners) does.
 */
import type { Pod } from './api-types.ts';

/** specChanged: see the file comment. */
export function specChanged(old: Pod, cur: Pod): boolean {
  return JSON.stringify(relevant(old)) !== JSON.stringify(relevant(cur));
}

function relevant(p: Pod): unknown {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = p.metadata;
  return [p.spec, meta];
}
