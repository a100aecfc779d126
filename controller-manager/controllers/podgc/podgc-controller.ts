import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { isNotFound, isConflict } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { isPodTerminal } from '../../util/pod.ts';
import { every, waitForSync } from '../../util/queue-controller.ts';

/** PodGCController exposes one collection pass for tests. */
export interface PodGCController extends Controller {
  gc(): Promise<void>;
}

/** TerminatedPodThreshold is --terminated-pod-gc-threshold's default. */
export const TerminatedPodThreshold = 12500;

/**
 * newPodGCController builds the pod garbage collector (Kubernetes' podgc): it force-deletes
 * pods bound to nodes that no longer exist (checked with a live GET) and unscheduled pods that
 * are terminating, and deletes the oldest finished pods above the threshold.
 */
export function newPodGCController(ctx: ControllerContext, threshold = TerminatedPodThreshold): PodGCController {
  const pods = ctx.informers.informerFor<Pod>(Resources.pods);
  const nodes = ctx.informers.informerFor<Node>(Resources.nodes);
  const podClient = ctx.client.resource<Pod>(Resources.pods);
  const nodeClient = ctx.client.resource<Node>(Resources.nodes);
  const logger = ctx.logger.child({ controller: 'podgc' });
  const forceDelete = async (p: Pod, why: string) => {
    logger.info({ pod: `${p.metadata.namespace}/${p.metadata.name}`, why }, 'force-deleting pod');
    try {
      await podClient.delete(p.metadata.namespace, p.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: p.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  };
  const nodeGone = async (name: string) => {
    if (nodes.lister.get(undefined, name)) return false;
    // The cache may lag a just-registered node: ask the server before deleting anything.
    return nodeClient.get(undefined, name).then(() => false, (err) => { if (isNotFound(err)) return true; throw err; });
  };
  const gc = async (): Promise<void> => {
    const all = pods.lister.list();
    const terminated = all.filter((p) => isPodTerminal(p) && !p.metadata.deletionTimestamp);
    if (terminated.length > threshold) {
      const oldest = [...terminated].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
      for (const p of oldest.slice(0, terminated.length - threshold)) await forceDelete(p, 'terminated pods above threshold');
    }
    const checked = new Map<string, boolean>();
    for (const p of all) {
      const node = p.spec?.nodeName;
      if (!node) {
        if (p.metadata.deletionTimestamp) await forceDelete(p, 'unscheduled and terminating');
        continue;
      }
      if (!checked.has(node)) checked.set(node, await nodeGone(node));
      if (checked.get(node)) await forceDelete(p, `node ${node} no longer exists`);
    }
  };
  return {
    name: 'podgc',
    gc,
    run: async (signal) => {
      if (!(await waitForSync([pods, nodes], signal))) return;
      await every(20_000, signal, logger, gc);
    },
  };
}
