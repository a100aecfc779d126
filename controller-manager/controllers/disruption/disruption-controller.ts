import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import type { PodDisruptionBudget } from '../../../api/policy/v1/poddisruptionbudget.ts';
import { Resources } from '../../../api/resources.ts';
import type { Informer, RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { keyOf, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { selectorMatcher } from '../../util/selector.ts';
import { computeBudgetStatus, type ScaleOf } from './budget-status.ts';

/** DisruptionController is the controller plus its sync for tests. */
export interface DisruptionController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

type Scalable = KubeObject & { spec?: { replicas?: number } };

const scaledKinds = { ReplicaSet: Resources.replicasets, StatefulSet: Resources.statefulsets, ReplicationController: Resources.replicationcontrollers } as const;

/**
 * newDisruptionController keeps each PodDisruptionBudget's status (expectedPods, currentHealthy,
 * desiredHealthy, disruptionsAllowed, disruptedPods, DisruptionAllowed) in step with the pods it
 * selects, as kube-controller-manager's disruption controller does; the eviction subresource
 * spends disruptionsAllowed.
 */
export function newDisruptionController(ctx: ControllerContext): DisruptionController {
  const pdbs = ctx.informers.informerFor<PodDisruptionBudget>(Resources.poddisruptionbudgets);
  const pods = ctx.informers.informerFor<Pod>(Resources.pods);
  const owners = Object.fromEntries(Object.entries(scaledKinds).map(([k, info]) => [k, ctx.informers.informerFor<Scalable>(info)])) as Record<string, Informer<Scalable>>;
  const client = ctx.client.resource<PodDisruptionBudget>(Resources.poddisruptionbudgets);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'disruption' });
  const enqueueForPod = (pod: Pod) => {
    for (const pdb of pdbs.lister.list(pod.metadata.namespace)) if (selectorMatcher(pdb.spec?.selector)(pod.metadata.labels)) queue.add(keyOf(pdb));
  };
  pdbs.addEventHandler({ add: (p) => queue.add(keyOf(p)), update: (_o, p) => queue.add(keyOf(p)) });
  pods.addEventHandler({
    add: enqueueForPod,
    // A relabelled pod may leave one budget and join another.
    update: (o, p) => {
      enqueueForPod(o);
      enqueueForPod(p);
    },
    delete: (p) => enqueueForPod(unwrapTombstone(p)),
  });
  const scaleOf: ScaleOf = (ns, kind, name) => owners[kind]?.lister.get(ns, name)?.spec?.replicas;
  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const pdb = pdbs.lister.get(namespace, name);
    if (!pdb) return;
    const matcher = selectorMatcher(pdb.spec?.selector);
    const selected = pods.lister.list(namespace).filter((p) => matcher(p.metadata.labels));
    const { status, recheckAfterMs } = computeBudgetStatus(pdb, selected, scaleOf, ctx.clock.now());
    if (recheckAfterMs !== undefined) queue.addAfter(key, recheckAfterMs);
    const sameButTime = (s: unknown) => canonical({ ...(s as object), conditions: (s as { conditions?: Array<{ lastTransitionTime?: string }> })?.conditions?.map(({ lastTransitionTime: _t, ...c }) => c) });
    if (sameButTime(status) === sameButTime(pdb.status)) return;
    try {
      await client.updateStatus({ ...structuredClone(pdb), status });
    } catch (err) {
      // A conflict means a newer budget (or an eviction's decrement) is on its way through the informer.
      if (isNotFound(err)) return;
      if (isConflict(err)) return queue.add(key);
      throw err;
    }
  };
  return {
    name: 'disruption',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [pdbs, pods, ...Object.values(owners)], workers: 2, signal, logger }),
  };
}
