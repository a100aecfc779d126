import type { ControllerRevision } from '../../../api/apps/v1/controllerrevision.ts';
import type { DaemonSet, DaemonSetStatus } from '../../../api/apps/v1/daemonset.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Clock, Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { claimChildren, ownerStillExists } from '../../util/claim.ts';
import { Expectations } from '../../util/expectations.ts';
import { getControllerOf, keyOf, newControllerRef, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { isPodAvailable, isPodReady } from '../../util/pod.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { ensureRevision, trimHistory } from '../../util/revisions.ts';
import { isEmptySelector, selectorMatcher } from '../../util/selector.ts';
import { slowStartBatch } from '../../util/slow-start.ts';
import { computeHash, scaledValue } from '../deployment/util.ts';
import { newDaemonPod, nodeShouldRunDaemonPod, targetNodeOf } from './daemon-pods.ts';

/** DaemonSetController is the controller plus what tests poke at. */
export interface DaemonSetController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
  expectations: Expectations;
}

interface Deps {
  daemonSets: Informer<DaemonSet>;
  nodes: Informer<Node>;
  pods: Informer<Pod>;
  revisions: Informer<ControllerRevision>;
  dsClient: ResourceClient<DaemonSet>;
  podClient: ResourceClient<Pod>;
  revClient: ResourceClient<ControllerRevision>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  queue: RateLimitingQueue<string>;
  expectations: Expectations;
}

/** newDaemonSetController builds the DaemonSet controller. */
export function newDaemonSetController(ctx: ControllerContext): DaemonSetController {
  const d: Deps = {
    daemonSets: ctx.informers.informerFor<DaemonSet>(Resources.daemonsets),
    nodes: ctx.informers.informerFor<Node>(Resources.nodes),
    pods: ctx.informers.informerFor<Pod>(Resources.pods),
    revisions: ctx.informers.informerFor<ControllerRevision>(Resources.controllerrevisions),
    dsClient: ctx.client.resource<DaemonSet>(Resources.daemonsets),
    podClient: ctx.client.resource<Pod>(Resources.pods),
    revClient: ctx.client.resource<ControllerRevision>(Resources.controllerrevisions),
    recorder: ctx.recorder('daemonset-controller'),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: 'daemonset' }),
    queue: newQueue<string>(),
    expectations: new Expectations(ctx.clock),
  };
  registerHandlers(d);
  const sync = (key: string) => syncDaemonSet(d, key);
  return {
    name: 'daemonset',
    sync,
    queue: d.queue,
    expectations: d.expectations,
    run: (signal) => runQueueController({ queue: d.queue, sync, informers: [d.daemonSets, d.nodes, d.pods, d.revisions], workers: ctx.options.concurrentSyncs.daemonset ?? 2, signal, logger: d.logger }),
  };
}

function registerHandlers(d: Deps): void {
  const enqueueAll = () => d.daemonSets.lister.list().forEach((ds) => d.queue.add(keyOf(ds)));
  d.daemonSets.addEventHandler({
    add: (ds) => d.queue.add(keyOf(ds)),
    update: (o, n) => void (!sameResourceVersion(o, n) && d.queue.add(keyOf(n))),
    delete: (o) => d.expectations.delete(keyOf(unwrapTombstone(o))),
  });
  d.nodes.addEventHandler({
    add: enqueueAll,
    update: (o, n) => void (canonical([o.metadata.labels, o.spec?.taints]) !== canonical([n.metadata.labels, n.spec?.taints]) && enqueueAll()),
    delete: enqueueAll,
  });
  const owner = (p: Pod) => {
    const ref = getControllerOf(p);
    if (ref?.kind !== 'DaemonSet') return undefined;
    const ds = d.daemonSets.lister.get(p.metadata.namespace, ref.name);
    return ds?.metadata.uid === ref.uid ? ds : undefined;
  };
  d.pods.addEventHandler({
    add: (p) => {
      const ds = owner(p);
      if (!ds) return;
      d.expectations.creationObserved(keyOf(ds));
      d.queue.add(keyOf(ds));
    },
    update: (o, p) => {
      if (sameResourceVersion(o, p)) return;
      const ds = owner(p);
      if (!ds) return;
      if (p.metadata.deletionTimestamp && !o.metadata.deletionTimestamp) d.expectations.deletionObserved(keyOf(ds), keyOf(p));
      d.queue.add(keyOf(ds));
    },
    delete: (x) => {
      const p = unwrapTombstone(x);
      const ds = owner(p);
      if (!ds) return;
      d.expectations.deletionObserved(keyOf(ds), keyOf(p));
      d.queue.add(keyOf(ds));
    },
  });
}

interface NodePlan {
  node: Node;
  shouldRun: boolean;
  pods: Pod[];
}

/** syncDaemonSet reconciles one DaemonSet: one pod per eligible node, rolling updates, status. */
async function syncDaemonSet(d: Deps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const ds = d.daemonSets.lister.get(namespace, name);
  if (!ds) {
    d.expectations.delete(key);
    return;
  }
  if (isEmptySelector(ds.spec.selector)) {
    d.recorder.event(ds, 'Warning', 'SelectorRequired', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return;
  }
  const hash = computeHash(ds.spec.template, ds.status?.collisionCount);
  const revs = d.revisions.lister.list(namespace);
  await ensureRevision(d.revClient, revs, ds, 'DaemonSet', hash, { spec: { template: ds.spec.template } }, ds.spec.template.metadata?.labels ?? {});
  const pods = await claimChildren(d.pods.lister.list(namespace).filter((p) => !p.metadata.deletionTimestamp), {
    owner: ds,
    ownerRef: newControllerRef(ds, 'apps/v1', 'DaemonSet'),
    matches: selectorMatcher(ds.spec.selector),
    children: d.podClient,
    canAdopt: ownerStillExists(() => d.dsClient.get(namespace, name), ds.metadata.uid),
  });
  const plans = plan(d, ds, pods);
  if (d.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) {
    const orphans = pods.filter((p) => !plans.some((pl) => pl.pods.includes(p)));
    await manage(d, key, ds, hash, plans, orphans);
  }
  await writeStatus(d, ds, plans, hash);
  await trimHistory(d.revClient, revs, ds, new Set([`${name}-${hash}`]), ds.spec.revisionHistoryLimit ?? 10);
}

function plan(d: Deps, ds: DaemonSet, pods: Pod[]): NodePlan[] {
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = targetNodeOf(p);
    if (n) byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  return d.nodes.lister.list().map((node) => ({ node, shouldRun: nodeShouldRunDaemonPod(node, ds.spec.template), pods: byNode.get(node.metadata.name ?? '') ?? [] }));
}

/** manage creates missing daemon pods, deletes surplus/failed/misplaced ones and rolls updates. */
async function manage(d: Deps, key: string, ds: DaemonSet, hash: string, plans: NodePlan[], orphans: Pod[]): Promise<void> {
  const toCreate: string[] = [];
  const toDelete: Pod[] = [...orphans];
  for (const pl of plans) {
    if (!pl.shouldRun) {
      toDelete.push(...pl.pods);
      continue;
    }
    const failed = pl.pods.filter((p) => p.status?.phase === 'Failed');
    toDelete.push(...failed);
    const alive = pl.pods.filter((p) => !failed.includes(p)).sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    if (alive.length === 0 && failed.length === 0) toCreate.push(pl.node.metadata.name ?? '');
    toDelete.push(...alive.slice(1));
  }
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') toDelete.push(...rollingUpdateVictims(d, ds, hash, plans, toDelete));
  const unique = [...new Set(toDelete)];
  d.expectations.expectCreations(key, toCreate.length);
  const ref = newControllerRef(ds, 'apps/v1', 'DaemonSet');
  const ns = ds.metadata.namespace ?? 'default';
  const created = await slowStartBatch(toCreate.length, 1, async (i) => {
    try {
      const pod = await d.podClient.create(ns, newDaemonPod(ds.spec.template, ns, ds.metadata.name ?? '', ref, hash, toCreate[i]));
      d.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      d.expectations.creationObserved(key);
      d.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  });
  for (let i = created.attempted; i < toCreate.length; i++) d.expectations.creationObserved(key);
  if (unique.length) {
    const e = d.expectations;
    // Deletions are tracked in the same record as creations, so add them without resetting it.
    if (toCreate.length === 0) e.expectDeletions(key, unique.map(keyOf));
    await Promise.all(unique.map(async (p) => {
      try {
        await d.podClient.delete(p.metadata.namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
        d.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      } catch (err) {
        e.deletionObserved(key, keyOf(p));
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    }));
  }
  if (created.error) throw created.error;
}

/** rollingUpdateVictims picks old-revision pods to delete within maxUnavailable (unavailable ones first). */
function rollingUpdateVictims(d: Deps, ds: DaemonSet, hash: string, plans: NodePlan[], already: Pod[]): Pod[] {
  const desired = plans.filter((p) => p.shouldRun);
  const maxUnavailable = scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired.length, true, '1');
  const now = d.clock.now();
  const minReady = ds.spec.minReadySeconds ?? 0;
  let unavailable = 0;
  const oldAvailable: Pod[] = [];
  const victims: Pod[] = [];
  for (const pl of desired) {
    const pod = pl.pods.find((p) => !already.includes(p));
    const available = !!pod && isPodAvailable(pod, minReady, now);
    if (!available) unavailable++;
    if (!pod || pod.metadata.labels?.['controller-revision-hash'] === hash) continue;
    if (available) oldAvailable.push(pod);
    else victims.push(pod);
  }
  return [...victims, ...oldAvailable.slice(0, Math.max(0, maxUnavailable - unavailable))];
}

async function writeStatus(d: Deps, ds: DaemonSet, plans: NodePlan[], hash: string): Promise<void> {
  const now = d.clock.now();
  const minReady = ds.spec.minReadySeconds ?? 0;
  const desired = plans.filter((p) => p.shouldRun);
  const scheduled = desired.filter((p) => p.pods.length > 0);
  const first = (p: NodePlan) => p.pods[0];
  const available = scheduled.filter((p) => isPodAvailable(first(p), minReady, now)).length;
  const status: DaemonSetStatus = {
    ...ds.status,
    desiredNumberScheduled: desired.length,
    currentNumberScheduled: scheduled.length,
    numberMisscheduled: plans.filter((p) => !p.shouldRun && p.pods.length > 0).length,
    numberReady: scheduled.filter((p) => isPodReady(first(p))).length,
    updatedNumberScheduled: scheduled.filter((p) => p.pods.some((x) => x.metadata.labels?.['controller-revision-hash'] === hash)).length,
    numberAvailable: available,
    numberUnavailable: desired.length - available,
    observedGeneration: ds.metadata.generation,
  };
  if (canonical(status) === canonical(ds.status ?? {})) return;
  try {
    await d.dsClient.updateStatus({ ...structuredClone(ds), status });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
