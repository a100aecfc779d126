import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { KubeObject, OwnerReference } from '../../../api/meta/v1/object-meta.ts';
import { apiVersionOf, type ResourceInfo } from '../../../api/resource-info.ts';
import { allResources } from '../../../api/resources.ts';
import type { Client, Informer, RateLimitingQueue } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { unwrapTombstone } from '../../util/keys.ts';
import { newQueue, waitForSync } from '../../util/queue-controller.ts';
import { runWorkers } from '../../../client/worker.ts';
import { FinalizerForeground, FinalizerOrphan, OwnerGraph, refTo, type GraphNode } from './graph.ts';

/** GarbageCollector is the controller plus what tests drive. */
export interface GarbageCollector extends Controller {
  sync(uid: string): Promise<void>;
  queue: RateLimitingQueue<string>;
  graph: OwnerGraph;
}

/** gcResources are the kinds the collector watches (Events never own or are owned in practice). */
export function gcResources(): ResourceInfo[] {
  return allResources().filter((r) => r.resource !== 'events');
}

interface Deps {
  client: Client;
  graph: OwnerGraph;
  queue: RateLimitingQueue<string>;
  logger: Logger;
}

/**
 * newGarbageCollector builds the garbage collector: objects whose owners are all gone are deleted
 * (background); an owner deleted in the foreground (`foregroundDeletion` finalizer) has its
 * dependents deleted first and loses the finalizer once no blocking dependent is left; an owner
 * deleted with `orphan` has the ownerReferences removed from its dependents, then the finalizer.
 */
export function newGarbageCollector(ctx: ControllerContext): GarbageCollector {
  const d: Deps = { client: ctx.client, graph: new OwnerGraph(), queue: newQueue<string>(), logger: ctx.logger.child({ controller: 'garbagecollector' }) };
  const informers: Informer<KubeObject>[] = [];
  for (const info of gcResources()) {
    const inf = ctx.informers.informerFor<KubeObject>(info);
    informers.push(inf);
    inf.addEventHandler({
      add: (o) => observe(d, info, o),
      update: (_old, o) => observe(d, info, o),
      delete: (x) => {
        const o = unwrapTombstone(x);
        d.graph.remove(o);
        // Dependents of a vanished owner may now be garbage; deleting owners may be unblocked.
        for (const dep of d.graph.dependentsOf(o.metadata.uid ?? '')) d.queue.add(dep.obj.metadata.uid ?? '');
        for (const r of o.metadata.ownerReferences ?? []) d.queue.add(r.uid);
      },
    });
  }
  const sync = (uid: string) => syncItem(d, uid);
  return {
    name: 'garbagecollector',
    sync,
    queue: d.queue,
    graph: d.graph,
    run: async (signal) => {
      signal.addEventListener('abort', () => d.queue.shutDown(), { once: true });
      // Kinds the server may not serve must not block collection forever (Kubernetes also
      // proceeds after a timeout); owners missing from the graph are verified with a live GET.
      const timeout = AbortSignal.any([signal, AbortSignal.timeout(30_000)]);
      if (!(await waitForSync(informers, timeout))) d.logger.warn('not all informers synced; starting anyway');
      if (signal.aborted) return;
      await runWorkers(d.queue, sync, { workers: ctx.options.concurrentSyncs.garbagecollector ?? 20, signal, logger: d.logger });
    },
  };
}

function observe(d: Deps, info: ResourceInfo, o: KubeObject): void {
  d.graph.upsert(info, o);
  const uid = o.metadata.uid ?? '';
  const f = o.metadata.finalizers ?? [];
  if (o.metadata.ownerReferences?.length) d.queue.add(uid);
  if (o.metadata.deletionTimestamp && (f.includes(FinalizerOrphan) || f.includes(FinalizerForeground))) {
    d.queue.add(uid);
    for (const dep of d.graph.dependentsOf(uid)) d.queue.add(dep.obj.metadata.uid ?? '');
  }
}

/** syncItem processes one object by uid. */
async function syncItem(d: Deps, uid: string): Promise<void> {
  const node = d.graph.nodes.get(uid);
  if (!node) return;
  const f = node.obj.metadata.finalizers ?? [];
  if (node.obj.metadata.deletionTimestamp) {
    if (f.includes(FinalizerOrphan)) return orphanDependents(d, node);
    if (f.includes(FinalizerForeground)) return processDeletingDependents(d, node);
    return;
  }
  if (node.obj.metadata.ownerReferences?.length) await attemptToDelete(d, node);
}

async function orphanDependents(d: Deps, owner: GraphNode): Promise<void> {
  const uid = owner.obj.metadata.uid ?? '';
  for (const dep of d.graph.dependentsOf(uid)) {
    const rest = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    await patchMeta(d, dep, { ownerReferences: rest.length ? rest : null });
  }
  await removeFinalizer(d, owner, FinalizerOrphan);
}

async function processDeletingDependents(d: Deps, owner: GraphNode): Promise<void> {
  const uid = owner.obj.metadata.uid ?? '';
  const blocking = d.graph.dependentsOf(uid).filter((dep) => refTo(dep.obj, uid)?.blockOwnerDeletion);
  if (blocking.length === 0) return removeFinalizer(d, owner, FinalizerForeground);
  for (const dep of blocking) {
    if (dep.obj.metadata.deletionTimestamp) continue;
    // The dependent goes in the foreground too, so grandchildren are removed first.
    await deleteObject(d, dep, 'Foreground');
  }
}

type OwnerState = 'solid' | 'dangling' | 'waiting';

async function classify(d: Deps, dep: GraphNode, ref: OwnerReference): Promise<OwnerState> {
  const cached = d.graph.nodes.get(ref.uid);
  const judge = (o: KubeObject): OwnerState =>
    o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes(FinalizerForeground) ? 'waiting' : 'solid';
  if (cached) return judge(cached.obj);
  const info = allResources().find((r) => r.kind === ref.kind && apiVersionOf(r) === ref.apiVersion);
  if (!info) return 'solid'; // an unknown kind: never delete on a guess
  try {
    const live = await d.client.resource(info).get(info.namespaced ? dep.obj.metadata.namespace : undefined, ref.name);
    return live.metadata.uid === ref.uid ? judge(live) : 'dangling';
  } catch (err) {
    if (isNotFound(err)) return 'dangling';
    throw err;
  }
}

/** attemptToDelete deletes a dependent whose owners are all gone (or waiting on it). */
async function attemptToDelete(d: Deps, node: GraphNode): Promise<void> {
  const refs = node.obj.metadata.ownerReferences ?? [];
  const states = await Promise.all(refs.map((r) => classify(d, node, r)));
  const solid = refs.filter((_, i) => states[i] === 'solid');
  const dangling = refs.filter((_, i) => states[i] === 'dangling');
  const waiting = refs.filter((_, i) => states[i] === 'waiting');
  if (solid.length) {
    if (dangling.length === 0 && waiting.every((r) => !r.blockOwnerDeletion)) return;
    // Keep the object, drop references to gone owners and stop blocking deleting ones.
    const next = refs.filter((r) => !dangling.includes(r)).map((r) => (waiting.includes(r) ? { ...r, blockOwnerDeletion: false } : r));
    return patchMeta(d, node, { ownerReferences: next });
  }
  if (waiting.length && d.graph.dependentsOf(node.obj.metadata.uid ?? '').length) return deleteObject(d, node, 'Foreground');
  const f = node.obj.metadata.finalizers ?? [];
  const policy = f.includes(FinalizerOrphan) ? 'Orphan' : f.includes(FinalizerForeground) ? 'Foreground' : 'Background';
  await deleteObject(d, node, policy);
}

async function deleteObject(d: Deps, node: GraphNode, policy: 'Orphan' | 'Foreground' | 'Background'): Promise<void> {
  const { namespace, name, uid } = node.obj.metadata;
  d.logger.info({ kind: node.info.kind, namespace, name, policy }, 'deleting object');
  try {
    await d.client.resource(node.info).delete(namespace, name ?? '', { propagationPolicy: policy, preconditions: { uid } });
  } catch (err) {
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
}

async function patchMeta(d: Deps, node: GraphNode, meta: Record<string, unknown>): Promise<void> {
  const { namespace, name, resourceVersion } = node.obj.metadata;
  try {
    await d.client.resource(node.info).patch(namespace, name ?? '', 'merge', { metadata: { ...meta, resourceVersion } });
  } catch (err) {
    if (isNotFound(err)) return;
    throw err; // a Conflict retries with the fresh object
  }
}

async function removeFinalizer(d: Deps, node: GraphNode, finalizer: string): Promise<void> {
  const rest = (node.obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  await patchMeta(d, node, { finalizers: rest });
}
