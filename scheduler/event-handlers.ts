/**
 * Informer handlers: unassigned pods feed the queue, assigned pods and nodes feed the cache,
 * and every change that may help waiting pods is turned into a ClusterEvent for the queue.
 * Handlers never mutate cached objects and skip resyncs (same resourceVersion).
 */
import type { DeletedFinalStateUnknown, Informer } from '../client/types.ts';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from './api-types.ts';
import type { SchedulerCache } from './cache/cache.ts';
import type { SchedulingQueue } from './queue/scheduling-queue.ts';

/** unwrap returns the object of a delete notification, tombstone or not. */
export function unwrap<T>(obj: T | DeletedFinalStateUnknown<T>): T {
  return (obj as DeletedFinalStateUnknown<T>).tombstone ? (obj as DeletedFinalStateUnknown<T>).obj : (obj as T);
}

/** isAssigned reports whether a pod is bound to a node. */
export const isAssigned = (pod: Pod) => !!pod.spec?.nodeName;
/** isTerminal reports whether a pod has finished and holds no resources. */
export const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** nodeSchedulingView is the part of a node whose change can affect scheduling (not heartbeats). */
export function nodeSchedulingView(n: Node): string {
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const images = (n.status?.images ?? []).map((i) => i.names?.join(','));
  return JSON.stringify([n.metadata.labels, n.spec?.unschedulable, n.spec?.taints, n.status?.allocatable, ready, images]);
}

/** Handlers wires informers to the cache and the queue. */
export interface HandlerTargets {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  /** responsible reports whether this scheduler should place the (unassigned) pod. */
  responsible(pod: Pod): boolean;
}

function onPodAdd(t: HandlerTargets, pod: Pod): void {
  if (isAssigned(pod)) {
    if (isTerminal(pod)) return;
    t.cache.addPod(pod);
    t.queue.moveAllToActiveOrBackoff('AssignedPodAdd');
  } else if (t.responsible(pod) && !pod.metadata.deletionTimestamp) {
    t.queue.add(pod);
  }
}

function onPodUpdate(t: HandlerTargets, old: Pod, pod: Pod): void {
  if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
  if (isAssigned(pod)) {
    // Bound since the last event: no longer the queue's business.
    if (!isAssigned(old)) t.queue.delete(old);
    if (isTerminal(pod)) {
      t.cache.removePod(pod);
      if (!isTerminal(old)) t.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
      return;
    }
    t.cache.updatePod(pod);
    if (!isAssigned(old)) t.queue.moveAllToActiveOrBackoff('AssignedPodAdd');
    else if (JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels)) t.queue.moveAllToActiveOrBackoff('AssignedPodUpdate');
    return;
  }
  if (!t.responsible(pod) || pod.metadata.deletionTimestamp) t.queue.delete(pod);
  else t.queue.update(old, pod);
}

function onPodDelete(t: HandlerTargets, pod: Pod): void {
  t.queue.delete(pod);
  if (isAssigned(pod) || t.cache.isAssumed(`${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`)) {
    t.cache.removePod(pod);
    t.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
  }
}

/** registerPodHandlers routes pod events. */
export function registerPodHandlers(t: HandlerTargets, pods: Informer<Pod>): void {
  pods.addEventHandler({
    add: (pod) => onPodAdd(t, pod),
    update: (old, pod) => onPodUpdate(t, old, pod),
    delete: (obj) => onPodDelete(t, unwrap(obj)),
  });
}

/** registerNodeHandlers routes node events; heartbeat-only updates refresh the cache silently. */
export function registerNodeHandlers(t: HandlerTargets, nodes: Informer<Node>): void {
  nodes.addEventHandler({
    add: (node) => {
      t.cache.addNode(node);
      t.queue.moveAllToActiveOrBackoff('NodeAdd');
    },
    update: (old, node) => {
      if (old.metadata.resourceVersion === node.metadata.resourceVersion) return;
      t.cache.updateNode(node);
      if (nodeSchedulingView(old) !== nodeSchedulingView(node)) t.queue.moveAllToActiveOrBackoff('NodeUpdate');
    },
    delete: (obj) => t.cache.removeNode(unwrap(obj).metadata.name!),
  });
}

/** registerVolumeHandlers wakes pods waiting on claims or volumes. */
export function registerVolumeHandlers(t: HandlerTargets, pvcs: Informer<PersistentVolumeClaim>, pvs: Informer<PersistentVolume>): void {
  pvcs.addEventHandler({
    add: () => t.queue.moveAllToActiveOrBackoff('PvcAdd'),
    update: (o, n) => void (o.metadata.resourceVersion !== n.metadata.resourceVersion && t.queue.moveAllToActiveOrBackoff('PvcUpdate')),
  });
  pvs.addEventHandler({
    add: () => t.queue.moveAllToActiveOrBackoff('PvAdd'),
    update: (o, n) => void (o.metadata.resourceVersion !== n.metadata.resourceVersion && t.queue.moveAllToActiveOrBackoff('PvUpdate')),
  });
}
