import type { Node } from '../../../api/core/v1/node.ts';
import { isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { CidrSet } from './cidr-set.ts';

/** NodeIpamController is the controller plus its sync for tests. */
export interface NodeIpamController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/**
 * newNodeIpamController builds the range allocator: every node gets a pod CIDR of
 * `--node-cidr-mask-size` from `--cluster-cidr`. The set of used CIDRs is rebuilt from the
 * nodes in the cache before the first allocation, so a restarted controller never hands out
 * a CIDR a live node holds; a deleted node's CIDR is released.
 */
export function newNodeIpamController(ctx: ControllerContext): NodeIpamController {
  const nodes: Informer<Node> = ctx.informers.informerFor<Node>(Resources.nodes);
  const client: ResourceClient<Node> = ctx.client.resource<Node>(Resources.nodes);
  const recorder: EventRecorder = ctx.recorder('node-ipam-controller');
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'nodeipam' });
  const set = new CidrSet(ctx.options.clusterCIDR, ctx.options.nodeCIDRMaskSize);
  const assigned = new Map<string, string>();
  let initialized = false;

  const init = () => {
    if (initialized) return;
    for (const n of nodes.lister.list()) {
      const cidr = n.spec?.podCIDR;
      if (cidr && set.occupy(cidr)) assigned.set(n.metadata.name ?? '', cidr);
    }
    initialized = true;
  };

  nodes.addEventHandler({
    add: (n) => queue.add(keyOf(n)),
    update: (_o, n) => void (!n.spec?.podCIDR && queue.add(keyOf(n))),
    delete: (o) => queue.add(keyOf(unwrapTombstone(o))),
  });

  const sync = async (name: string): Promise<void> => {
    init();
    const node = nodes.lister.get(undefined, name);
    if (!node) {
      const cidr = assigned.get(name);
      if (cidr) set.release(cidr);
      assigned.delete(name);
      return;
    }
    if (node.spec?.podCIDR) {
      if (!assigned.has(name) && set.occupy(node.spec.podCIDR)) assigned.set(name, node.spec.podCIDR);
      return;
    }
    const cidr = assigned.get(name) ?? set.allocateNext();
    if (!cidr) {
      recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
      throw new Error(`no pod CIDR left in ${ctx.options.clusterCIDR} for node ${name}`);
    }
    assigned.set(name, cidr);
    try {
      await client.patch(undefined, name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      logger.info({ node: name, cidr }, 'assigned pod CIDR');
    } catch (err) {
      if (isNotFound(err)) return;
      recorder.event(node, 'Warning', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
      throw err;
    }
  };

  return {
    name: 'nodeipam',
    sync,
    queue,
    // One worker: allocations are serialized through the in-memory set.
    run: (signal) => runQueueController({ queue, sync, informers: [nodes], workers: 1, signal, logger }),
  };
}
