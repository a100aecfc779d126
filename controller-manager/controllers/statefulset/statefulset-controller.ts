import type { ControllerRevision } from '../../../api/apps/v1/controllerrevision.ts';
import type { StatefulSet, StatefulSetStatus } from '../../../api/apps/v1/statefulset.ts';
import type { PersistentVolumeClaim } from '../../../api/core/v1/persistentvolumeclaim.ts';
import type { Pod, PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Clock, Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { claimChildren, ownerStillExists } from '../../util/claim.ts';
import { getControllerOf, keyOf, newControllerRef, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { isPodAvailable, isPodReady, isPodTerminal } from '../../util/pod.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { ensureRevision, trimHistory } from '../../util/revisions.ts';
import { selectorMatcher } from '../../util/selector.ts';
import { computeHash } from '../deployment/util.ts';
import { newClaims, newStatefulPod, ordinalOf, RevisionLabel } from './stateful-pods.ts';

/** StatefulSetController is the controller plus its sync for tests. */
export interface StatefulSetController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

interface Deps {
  sets: Informer<StatefulSet>;
  pods: Informer<Pod>;
  revisions: Informer<ControllerRevision>;
  setClient: ResourceClient<StatefulSet>;
  podClient: ResourceClient<Pod>;
  pvcClient: ResourceClient<PersistentVolumeClaim>;
  revClient: ResourceClient<ControllerRevision>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  queue: RateLimitingQueue<string>;
}

/** newStatefulSetController builds the StatefulSet controller. */
export function newStatefulSetController(ctx: ControllerContext): StatefulSetController {
  const d: Deps = {
    sets: ctx.informers.informerFor<StatefulSet>(Resources.statefulsets),
    pods: ctx.informers.informerFor<Pod>(Resources.pods),
    revisions: ctx.informers.informerFor<ControllerRevision>(Resources.controllerrevisions),
    setClient: ctx.client.resource<StatefulSet>(Resources.statefulsets),
    podClient: ctx.client.resource<Pod>(Resources.pods),
    pvcClient: ctx.client.resource<PersistentVolumeClaim>(Resources.persistentvolumeclaims),
    revClient: ctx.client.resource<ControllerRevision>(Resources.controllerrevisions),
    recorder: ctx.recorder('statefulset-controller'),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: 'statefulset' }),
    queue: newQueue<string>(),
  };
  d.sets.addEventHandler({ add: (s) => d.queue.add(keyOf(s)), update: (o, n) => void (!sameResourceVersion(o, n) && d.queue.add(keyOf(n))) });
  const toOwner = (p: Pod) => {
    const ref = getControllerOf(p);
    if (ref?.kind === 'StatefulSet') d.queue.add(`${p.metadata.namespace}/${ref.name}`);
  };
  d.pods.addEventHandler({ add: toOwner, update: (o, n) => void (!sameResourceVersion(o, n) && toOwner(n)), delete: (p) => toOwner(unwrapTombstone(p)) });
  const sync = (key: string) => syncStatefulSet(d, key);
  return {
    name: 'statefulset',
    sync,
    queue: d.queue,
    run: (signal) => runQueueController({ queue: d.queue, sync, informers: [d.sets, d.pods, d.revisions], workers: ctx.options.concurrentSyncs.statefulset ?? 5, signal, logger: d.logger }),
  };
}

const healthy = (p: Pod | undefined) => !!p && !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && isPodReady(p);

/** syncStatefulSet reconciles one StatefulSet (Kubernetes' defaultStatefulSetControl, simplified). */
async function syncStatefulSet(d: Deps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const set = d.sets.lister.get(namespace, name);
  if (!set || set.metadata.deletionTimestamp) return;
  const updateHash = computeHash(set.spec.template, set.status?.collisionCount);
  const updateRevision = `${name}-${updateHash}`;
  const revs = d.revisions.lister.list(namespace);
  await ensureRevision(d.revClient, revs, set, 'StatefulSet', updateHash, { spec: { template: set.spec.template } }, set.spec.template.metadata?.labels ?? {});
  const currentRevision = set.status?.currentRevision ?? updateRevision;
  const pods = await claimChildren(d.pods.lister.list(namespace), {
    owner: set,
    ownerRef: newControllerRef(set, 'apps/v1', 'StatefulSet'),
    matches: selectorMatcher(set.spec.selector),
    children: d.podClient,
    canAdopt: ownerStillExists(() => d.setClient.get(namespace, name), set.metadata.uid),
  });
  const templateFor = (rev: string): PodTemplateSpec => {
    const r = revs.find((x) => x.metadata.name === rev && getControllerOf(x)?.uid === set.metadata.uid);
    return (r?.data as { spec?: { template?: PodTemplateSpec } } | undefined)?.spec?.template ?? set.spec.template;
  };
  await reconcilePods(d, set, pods, { currentRevision, updateRevision, templateFor });
  await writeStatus(d, set, pods, currentRevision, updateRevision);
  await trimHistory(d.revClient, revs, set, new Set([currentRevision, updateRevision]), set.spec.revisionHistoryLimit ?? 10);
}

interface Revs {
  currentRevision: string;
  updateRevision: string;
  templateFor(rev: string): PodTemplateSpec;
}

async function reconcilePods(d: Deps, set: StatefulSet, pods: Pod[], r: Revs): Promise<void> {
  const start = set.spec.ordinals?.start ?? 0;
  const replicas = set.spec.replicas ?? 1;
  const parallel = set.spec.podManagementPolicy === 'Parallel';
  const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const byOrdinal = new Map(pods.map((p) => [ordinalOf(set, p), p]));
  // Failed or succeeded pods are deleted and recreated under the same identity.
  for (const p of pods) if (isPodTerminal(p) && !p.metadata.deletionTimestamp) await deletePod(d, set, p);
  for (let i = start; i < start + replicas; i++) {
    const p = byOrdinal.get(i);
    if (!p || isPodTerminal(p)) {
      if (p) continue; // wait for the deletion above to be observed
      const rev = i - start < partition ? r.currentRevision : r.updateRevision;
      await createPod(d, set, i, rev, r.templateFor(rev));
      if (!parallel) return;
      continue;
    }
    if (!parallel && !healthy(p)) return; // OrderedReady: wait for each pod before the next
  }
  const condemned = pods.filter((p) => { const o = ordinalOf(set, p); return o < start || o >= start + replicas; }).sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  for (const p of condemned) {
    if (p.metadata.deletionTimestamp) {
      if (!parallel) return;
      continue;
    }
    // OrderedReady scales down from the highest ordinal, one at a time, while the rest are healthy.
    if (!parallel && pods.some((x) => x !== p && !condemned.includes(x) && !healthy(x))) return;
    await deletePod(d, set, p);
    if (!parallel) return;
  }
  if ((set.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
  // Rolling update: from the highest ordinal down to the partition, one pod at a time.
  const inRange = [...byOrdinal.entries()].filter(([o]) => o >= start && o < start + replicas);
  if (inRange.length < replicas || inRange.some(([, p]) => !healthy(p))) return;
  for (let i = start + replicas - 1; i >= start + partition; i--) {
    const p = byOrdinal.get(i);
    if (p && p.metadata.labels?.[RevisionLabel] !== r.updateRevision) {
      await deletePod(d, set, p);
      return;
    }
  }
}

async function createPod(d: Deps, set: StatefulSet, ordinal: number, revision: string, template: PodTemplateSpec): Promise<void> {
  const ns = set.metadata.namespace ?? 'default';
  const podName = `${set.metadata.name}-${ordinal}`;
  for (const claim of newClaims(set, ordinal)) {
    try {
      await d.pvcClient.create(ns, claim);
      d.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name} Pod ${podName} in StatefulSet ${set.metadata.name} success`);
    } catch (err) {
      // Claims outlive their pods: an existing claim is re-used (same name, same data).
      if (!isAlreadyExists(err)) throw err;
    }
  }
  try {
    await d.podClient.create(ns, newStatefulPod(set, template, ordinal, revision));
    d.recorder.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

async function deletePod(d: Deps, set: StatefulSet, p: Pod): Promise<void> {
  try {
    await d.podClient.delete(p.metadata.namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
    d.recorder.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  } catch (err) {
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
}

async function writeStatus(d: Deps, set: StatefulSet, pods: Pod[], currentRevision: string, updateRevision: string): Promise<void> {
  const live = pods.filter((p) => !p.metadata.deletionTimestamp && !isPodTerminal(p));
  const now = d.clock.now();
  const updated = live.filter((p) => p.metadata.labels?.[RevisionLabel] === updateRevision).length;
  const replicas = set.spec.replicas ?? 1;
  // The update is complete once every replica runs the update revision: it becomes current.
  const current = updated === replicas && live.length === replicas ? updateRevision : currentRevision;
  const status: StatefulSetStatus = {
    ...set.status,
    observedGeneration: set.metadata.generation,
    replicas: live.length,
    readyReplicas: live.filter(isPodReady).length,
    availableReplicas: live.filter((p) => isPodAvailable(p, set.spec.minReadySeconds ?? 0, now)).length,
    currentReplicas: live.filter((p) => p.metadata.labels?.[RevisionLabel] === current).length,
    updatedReplicas: updated,
    currentRevision: current,
    updateRevision,
  };
  if (canonical(status) === canonical(set.status ?? {})) return;
  try {
    await d.setClient.updateStatus({ ...structuredClone(set), status });
  } catch (err) {
    if (!isNotFound(err) && !isConflict(err)) throw err;
  }
}
