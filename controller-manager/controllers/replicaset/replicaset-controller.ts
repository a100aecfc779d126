import type { Pod, PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import { Resources } from '../../../api/resources.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Clock, Controller, ControllerContext } from '../../context.ts';
import { claimChildren, ownerStillExists } from '../../util/claim.ts';
import { Expectations } from '../../util/expectations.ts';
import { getControllerOf, keyOf, newControllerRef, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { isPodActive, isPodReady, podsToDelete } from '../../util/pod.ts';
import { podFromTemplate } from '../../util/pod-template.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { selectorMatcher } from '../../util/selector.ts';
import { slowStartBatch } from '../../util/slow-start.ts';
import { replicaSetKind, replicationControllerKind, type ReplicatedKind, type ReplicatedObject } from './kinds.ts';
import { calculateStatus, statusEqual, type ReplicaStatus } from './replica-status.ts';

/** BurstReplicas caps creations/deletions per sync, as in Kubernetes. */
export const BurstReplicas = 500;

/** ReplicaSetController is the controller plus what tests poke at. */
export interface ReplicaSetController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
  expectations: Expectations;
}

interface Deps {
  kind: ReplicatedKind;
  owners: Informer<ReplicatedObject>;
  pods: Informer<Pod>;
  ownerClient: ResourceClient<ReplicatedObject>;
  podClient: ResourceClient<Pod>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  queue: RateLimitingQueue<string>;
  expectations: Expectations;
}

/** newReplicaSetController builds the ReplicaSet controller. */
export function newReplicaSetController(ctx: ControllerContext): ReplicaSetController {
  return newReplicatedController(ctx, replicaSetKind, 'replicaset');
}

/** newReplicationControllerController builds the ReplicationController controller (same logic). */
export function newReplicationControllerController(ctx: ControllerContext): ReplicaSetController {
  return newReplicatedController(ctx, replicationControllerKind, 'replicationcontroller');
}

function newReplicatedController(ctx: ControllerContext, kind: ReplicatedKind, name: string): ReplicaSetController {
  const d: Deps = {
    kind,
    owners: ctx.informers.informerFor<ReplicatedObject>(kind.info),
    pods: ctx.informers.informerFor<Pod>(Resources.pods),
    ownerClient: ctx.client.resource<ReplicatedObject>(kind.info),
    podClient: ctx.client.resource<Pod>(Resources.pods),
    recorder: ctx.recorder(kind.controllerName),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: name }),
    queue: newQueue<string>(),
    expectations: new Expectations(ctx.clock),
  };
  registerHandlers(d);
  const sync = (key: string) => syncReplicaSet(d, key);
  return {
    name,
    sync,
    queue: d.queue,
    expectations: d.expectations,
    run: (signal) =>
      runQueueController({ queue: d.queue, sync, informers: [d.owners, d.pods], workers: ctx.options.concurrentSyncs[name] ?? 5, signal, logger: d.logger }),
  };
}

/** resolveOwner maps a pod's controller ref to the owner it names, if that owner is cached with the same uid. */
function resolveOwner(d: Deps, pod: Pod): ReplicatedObject | undefined {
  const ref = getControllerOf(pod);
  if (!ref || ref.kind !== d.kind.kind) return undefined;
  const owner = d.owners.lister.get(pod.metadata.namespace, ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/** ownersSelecting lists the owners whose selector matches an orphan pod. */
function ownersSelecting(d: Deps, pod: Pod): ReplicatedObject[] {
  return d.owners.lister.list(pod.metadata.namespace).filter((o) => selectorMatcher(d.kind.selectorOf(o))(pod.metadata.labels));
}

function registerHandlers(d: Deps): void {
  const enqueue = (o: ReplicatedObject) => d.queue.add(keyOf(o));
  d.owners.addEventHandler({
    add: enqueue,
    update: (old, cur) => {
      if (!sameResourceVersion(old, cur)) enqueue(cur);
    },
    delete: (obj) => {
      const o = unwrapTombstone(obj);
      d.expectations.delete(keyOf(o));
      enqueue(o);
    },
  });
  d.pods.addEventHandler({
    add: (pod) => {
      if (pod.metadata.deletionTimestamp) return podGone(d, pod);
      const owner = resolveOwner(d, pod);
      if (owner) {
        d.expectations.creationObserved(keyOf(owner));
        return enqueue(owner);
      }
      if (!getControllerOf(pod)) ownersSelecting(d, pod).forEach(enqueue);
    },
    update: (old, cur) => podUpdated(d, old, cur),
    delete: (obj) => podGone(d, unwrapTombstone(obj)),
  });
}

function podGone(d: Deps, pod: Pod): void {
  const owner = resolveOwner(d, pod);
  if (!owner) return;
  d.expectations.deletionObserved(keyOf(owner), keyOf(pod));
  d.queue.add(keyOf(owner));
}

function podUpdated(d: Deps, old: Pod, cur: Pod): void {
  if (sameResourceVersion(old, cur)) return;
  const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
  if (cur.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
    // A graceful delete is observed as soon as deletionTimestamp is set, so the replacement starts now.
    podGone(d, cur);
    if (labelsChanged) { const o = resolveOwner(d, old); if (o) d.queue.add(keyOf(o)); }
    return;
  }
  const oldRef = getControllerOf(old), curRef = getControllerOf(cur);
  if (oldRef && oldRef.uid !== curRef?.uid) {
    const o = resolveOwner(d, old);
    if (o) d.queue.add(keyOf(o));
  }
  const owner = resolveOwner(d, cur);
  if (owner) {
    d.queue.add(keyOf(owner));
    const minReady = owner.spec?.minReadySeconds ?? 0;
    // A pod that just became ready becomes available minReadySeconds later: look again then.
    if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) d.queue.addAfter(keyOf(owner), minReady * 1000 + 1000);
    return;
  }
  if (!curRef && (labelsChanged || oldRef)) ownersSelecting(d, cur).forEach((o) => d.queue.add(keyOf(o)));
}

/** syncReplicaSet reconciles one ReplicaSet (or ReplicationController) key. */
async function syncReplicaSet(d: Deps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const rs = d.owners.lister.get(namespace, name);
  if (!rs) {
    d.expectations.delete(key);
    return;
  }
  const needsSync = d.expectations.satisfied(key);
  const selector = d.kind.selectorOf(rs);
  if (!selector) {
    d.logger.error({ key }, 'invalid selector');
    return;
  }
  const matches = selectorMatcher(selector);
  const active = d.pods.lister.list(namespace).filter(isPodActive);
  const pods = await claimChildren(active, {
    owner: rs,
    ownerRef: newControllerRef(rs, d.kind.apiVersion, d.kind.kind),
    matches,
    children: d.podClient,
    canAdopt: ownerStillExists(() => d.ownerClient.get(namespace, name), rs.metadata.uid),
  });
  let manageError: { reason: string; message: string; err: unknown } | undefined;
  if (needsSync && !rs.metadata.deletionTimestamp) manageError = await manageReplicas(d, key, rs, pods);
  const status = calculateStatus(rs, pods, manageError, d.clock.now());
  const updated = await updateStatus(d, rs, status);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const want = rs.spec?.replicas ?? 1;
  if (!manageError && minReady > 0 && updated.readyReplicas === want && updated.availableReplicas !== want) {
    d.queue.addAfter(key, minReady * 1000);
  }
  if (manageError) throw manageError.err;
}

/** manageReplicas creates or deletes pods to reach spec.replicas; returns the failure, if any. */
async function manageReplicas(d: Deps, key: string, rs: ReplicatedObject, pods: Pod[]): Promise<{ reason: string; message: string; err: unknown } | undefined> {
  const diff = pods.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) return createPods(d, key, rs, Math.min(-diff, BurstReplicas));
  if (diff > 0) return deletePods(d, key, rs, pods, Math.min(diff, BurstReplicas));
  return undefined;
}

async function createPods(d: Deps, key: string, rs: ReplicatedObject, count: number) {
  d.expectations.expectCreations(key, count);
  const ref = newControllerRef(rs, d.kind.apiVersion, d.kind.kind);
  const ns = rs.metadata.namespace ?? 'default';
  const template = rs.spec?.template ?? ({ spec: { containers: [] } } as unknown as PodTemplateSpec);
  const { attempted, error } = await slowStartBatch(count, 1, async () => {
    try {
      const created = await d.podClient.create(ns, podFromTemplate(template, ns, `${rs.metadata.name}-`, ref));
      d.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      // The informer will never see this pod: lower the expectation now.
      d.expectations.creationObserved(key);
      d.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  });
  if (!error) return undefined;
  // Pods of the batches that were skipped will never be observed either.
  for (let i = attempted; i < count; i++) d.expectations.creationObserved(key);
  return { reason: 'FailedCreate', message: (error as Error).message, err: error };
}

async function deletePods(d: Deps, key: string, rs: ReplicatedObject, pods: Pod[], count: number) {
  const victims = podsToDelete(pods, pods, count);
  d.expectations.expectDeletions(key, victims.map(keyOf));
  const results = await Promise.allSettled(
    victims.map(async (pod) => {
      try {
        await d.podClient.delete(pod.metadata.namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
        d.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        d.expectations.deletionObserved(key, keyOf(pod));
        if (isNotFound(err)) return;
        d.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
        throw err;
      }
    }),
  );
  const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  return failed ? { reason: 'FailedDelete', message: (failed.reason as Error).message, err: failed.reason } : undefined;
}

/** updateStatus writes status when it changed, retrying once on a conflict with a fresh read. */
async function updateStatus(d: Deps, rs: ReplicatedObject, status: ReplicaStatus): Promise<ReplicaStatus> {
  if (statusEqual(rs.status, status)) return status;
  let target = structuredClone(rs);
  for (let attempt = 0; ; attempt++) {
    target.status = status;
    try {
      await d.ownerClient.updateStatus(target);
      return status;
    } catch (err) {
      if (!isConflict(err) || attempt > 0) {
        if (isNotFound(err)) return status;
        throw err;
      }
      target = await d.ownerClient.get(rs.metadata.namespace, rs.metadata.name ?? '');
    }
  }
}
