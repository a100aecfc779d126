import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { Taint } from '../../../api/core/v1/affinity.ts';
import { isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, sameResourceVersion, splitKey } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { canonical } from '../../util/canonical.ts';
import { tolerates } from '../../util/taints.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';

/** TaintEvictionController is the controller plus its sync for tests. */
export interface TaintEvictionController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** evictionDeadline returns when a pod must go from a node with these NoExecute taints: 'now', a time in ms, or undefined (tolerated forever). */
export function evictionDeadline(pod: Pod, taints: Taint[], nowMs: number): 'now' | number | undefined {
  let deadline: number | undefined;
  for (const taint of taints) {
    const matching = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, taint));
    if (matching.length === 0) return 'now';
    // The shortest tolerationSeconds among matching tolerations wins; none set means forever.
    const secs = matching.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined && s !== null);
    if (secs.length < matching.length) continue;
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : nowMs;
    const at = added + Math.max(0, Math.min(...secs)) * 1000;
    deadline = deadline === undefined ? at : Math.min(deadline, at);
  }
  return deadline;
}

const noExecute = (n: Node | undefined): Taint[] => (n?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

/**
 * newTaintEvictionController builds the NoExecute taint manager: a pod on a node with a
 * NoExecute taint it does not tolerate is deleted at once; one that tolerates it for
 * tolerationSeconds is deleted when that time (counted from the taint's timeAdded) has passed.
 */
export function newTaintEvictionController(ctx: ControllerContext): TaintEvictionController {
  const pods = ctx.informers.informerFor<Pod>(Resources.pods);
  const nodes = ctx.informers.informerFor<Node>(Resources.nodes);
  const podClient = ctx.client.resource<Pod>(Resources.pods);
  const recorder = ctx.recorder('taint-eviction-controller');
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'taint-eviction' });
  const podsOn = (node: string) => pods.lister.list().filter((p) => p.spec?.nodeName === node);

  pods.addEventHandler({
    add: (p) => void (p.spec?.nodeName && queue.add(keyOf(p))),
    update: (o, p) => void (!sameResourceVersion(o, p) && p.spec?.nodeName && queue.add(keyOf(p))),
  });
  nodes.addEventHandler({
    add: (n) => void (noExecute(n).length && podsOn(n.metadata.name ?? '').forEach((p) => queue.add(keyOf(p)))),
    update: (o, n) => {
      if (canonical(noExecute(o)) === canonical(noExecute(n))) return;
      podsOn(n.metadata.name ?? '').forEach((p) => queue.add(keyOf(p)));
    },
  });

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const pod = pods.lister.get(namespace, name);
    if (!pod?.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    const taints = noExecute(nodes.lister.get(undefined, pod.spec.nodeName));
    if (taints.length === 0) return;
    const now = ctx.clock.now();
    const deadline = evictionDeadline(pod, taints, now);
    if (deadline === undefined) return;
    if (deadline !== 'now' && deadline > now) return queue.addAfter(key, deadline - now);
    recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      await podClient.delete(namespace, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };

  return {
    name: 'taint-eviction-controller',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [pods, nodes], workers: 8, signal, logger }),
  };
}
