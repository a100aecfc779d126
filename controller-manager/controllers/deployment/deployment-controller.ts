import type { Pod } from '../../../api/core/v1/pod.ts';
import { Resources } from '../../../api/resources.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { claimChildren, ownerStillExists } from '../../util/claim.ts';
import { getControllerOf, keyOf, newControllerRef, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { isEmptySelector, selectorMatcher } from '../../util/selector.ts';
import type { DeploymentDeps } from './deps.ts';
import { updateDeploymentStatus } from './replica-sets.ts';
import { getAllReplicaSetsAndSyncRevision } from './replica-sets.ts';
import { isScalingEvent, rolloutRecreate, rolloutRolling, syncDeploymentStatus, syncScale } from './rollout.ts';
import { getCondition, newCondition, Reasons, setCondition, statusEqual } from './status.ts';
import type { Deployment, ReplicaSet } from './types.ts';

/** DeploymentController is the controller plus its sync for tests. */
export interface DeploymentController extends Controller {
  sync(key: string): Promise<void>;
  deps: DeploymentDeps;
}

/** newDeploymentController builds the Deployment controller. */
export function newDeploymentController(ctx: ControllerContext): DeploymentController {
  const dd: DeploymentDeps = {
    deployments: ctx.informers.informerFor<Deployment>(Resources.deployments),
    replicaSets: ctx.informers.informerFor<ReplicaSet>(Resources.replicasets),
    pods: ctx.informers.informerFor<Pod>(Resources.pods),
    dClient: ctx.client.resource<Deployment>(Resources.deployments),
    rsClient: ctx.client.resource<ReplicaSet>(Resources.replicasets),
    recorder: ctx.recorder('deployment-controller'),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: 'deployment' }),
    queue: newQueue<string>(),
  };
  registerHandlers(dd);
  const sync = (key: string) => syncDeployment(dd, key);
  return {
    name: 'deployment',
    sync,
    deps: dd,
    run: (signal) =>
      runQueueController({ queue: dd.queue, sync, informers: [dd.deployments, dd.replicaSets, dd.pods], workers: ctx.options.concurrentSyncs.deployment ?? 5, signal, logger: dd.logger }),
  };
}

function ownerOf(dd: DeploymentDeps, rs: ReplicaSet): Deployment | undefined {
  const ref = getControllerOf(rs);
  if (!ref || ref.kind !== 'Deployment') return undefined;
  const d = dd.deployments.lister.get(rs.metadata.namespace, ref.name);
  return d?.metadata.uid === ref.uid ? d : undefined;
}

function registerHandlers(dd: DeploymentDeps): void {
  const enqueue = (d: Deployment) => dd.queue.add(keyOf(d));
  const selecting = (rs: ReplicaSet) => dd.deployments.lister.list(rs.metadata.namespace).filter((d) => selectorMatcher(d.spec?.selector)(rs.metadata.labels));
  dd.deployments.addEventHandler({
    add: enqueue,
    update: (o, n) => void (!sameResourceVersion(o, n) && enqueue(n)),
    delete: (o) => enqueue(unwrapTombstone(o)),
  });
  dd.replicaSets.addEventHandler({
    add: (rs) => {
      const d = ownerOf(dd, rs);
      if (d) return enqueue(d);
      if (!getControllerOf(rs)) selecting(rs).forEach(enqueue);
    },
    update: (old, cur) => {
      if (sameResourceVersion(old, cur)) return;
      const oldOwner = ownerOf(dd, old), curOwner = ownerOf(dd, cur);
      if (oldOwner && oldOwner !== curOwner) enqueue(oldOwner);
      if (curOwner) return enqueue(curOwner);
      if (!getControllerOf(cur)) selecting(cur).forEach(enqueue);
    },
    delete: (obj) => {
      const d = ownerOf(dd, unwrapTombstone(obj));
      if (d) enqueue(d);
    },
  });
  // Recreate waits for old pods to be gone: a pod deletion may unblock it.
  dd.pods.addEventHandler({
    delete: (obj) => {
      const pod = unwrapTombstone(obj);
      const ref = getControllerOf(pod);
      const rs = ref?.kind === 'ReplicaSet' ? dd.replicaSets.lister.get(pod.metadata.namespace, ref.name) : undefined;
      const d = rs && ownerOf(dd, rs);
      if (d && d.spec?.strategy?.type === 'Recreate') enqueue(d);
    },
  });
}

/** syncDeployment reconciles one Deployment (Kubernetes' syncDeployment). */
async function syncDeployment(dd: DeploymentDeps, key: string): Promise<void> {
  const { namespace, name } = splitKey(key);
  const cached = dd.deployments.lister.get(namespace, name);
  if (!cached) return;
  const d = structuredClone(cached);
  if (!d.spec?.selector || isEmptySelector(d.spec.selector)) {
    dd.recorder.event(d, 'Warning', 'SelectorRequired', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...d.status, observedGeneration: d.metadata.generation };
      await updateDeploymentStatus(dd, d);
    }
    return;
  }
  const rsList = await claimReplicaSets(dd, d);
  if (d.metadata.deletionTimestamp) {
    const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dd, d, rsList, false);
    return syncDeploymentStatus(dd, newRS ? [...oldRSs, newRS] : oldRSs, newRS, d);
  }
  await checkPausedConditions(dd, d);
  if (d.spec.paused || isScalingEvent(d, rsList)) return syncScale(dd, d, rsList);
  if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(dd, d, rsList);
  return rolloutRolling(dd, d, rsList);
}

async function claimReplicaSets(dd: DeploymentDeps, d: Deployment): Promise<ReplicaSet[]> {
  const ns = d.metadata.namespace ?? 'default';
  return claimChildren(dd.replicaSets.lister.list(ns), {
    owner: d,
    ownerRef: newControllerRef(d, 'apps/v1', 'Deployment'),
    matches: selectorMatcher(d.spec?.selector),
    children: dd.rsClient,
    canAdopt: ownerStillExists(() => dd.dClient.get(ns, d.metadata.name ?? ''), d.metadata.uid),
  });
}

/** checkPausedConditions sets Progressing=Unknown DeploymentPaused / DeploymentResumed on pause changes. */
async function checkPausedConditions(dd: DeploymentDeps, d: Deployment): Promise<void> {
  const cur = getCondition(d.status, 'Progressing');
  if (cur?.reason === Reasons.TimedOut) return;
  const paused = !!d.spec?.paused;
  const before = structuredClone(d.status ?? {});
  d.status ??= {};
  if (paused && cur?.reason !== Reasons.Paused) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reasons.Paused, 'Deployment is paused', dd.clock.now()));
  } else if (!paused && cur?.reason === Reasons.Paused) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reasons.Resumed, 'Deployment is resumed', dd.clock.now()));
  }
  if (!statusEqual(before, d.status)) await updateDeploymentStatus(dd, d);
}
