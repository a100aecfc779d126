/**
 * The ingress status controller. Skiff's ingress controller runs in every node's proxy, so an
 * Ingress answers on every node: this sets each Ingress's `status.loadBalancer.ingress` to the
 * InternalIPs of the Ready nodes — what `kubectl get ingress` shows as ADDRESS — and keeps it in
 * step as nodes come, go or turn NotReady (as k3s does for its bundled controller).
 */
import type { Node } from '../../../api/core/v1/node.ts';
import { isNotFound } from '../../../api/errors.ts';
import type { Ingress } from '../../../api/networking/v1/ingress.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, splitKey } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';

/** IngressStatusController is the controller plus its sync for tests. */
export interface IngressStatusController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** readyNodeAddresses are the InternalIPs of the Ready nodes, sorted: every one of them serves the Ingresses. */
export function readyNodeAddresses(nodes: Node[]): Array<{ ip: string }> {
  const ready = (n: Node) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !n.metadata.deletionTimestamp;
  const ips = nodes.filter(ready).flatMap((n) => (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address));
  return [...new Set(ips)].sort().map((ip) => ({ ip }));
}

/** newIngressStatusController builds the controller. */
export function newIngressStatusController(ctx: ControllerContext): IngressStatusController {
  const ingresses = ctx.informers.informerFor<Ingress>(Resources.ingresses);
  const nodes = ctx.informers.informerFor<Node>(Resources.nodes);
  const client = ctx.client.resource<Ingress>(Resources.ingresses);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'ingress-status' });
  const all = () => ingresses.lister.list().forEach((i) => queue.add(keyOf(i)));
  ingresses.addEventHandler({ add: (i) => queue.add(keyOf(i)), update: (_o, i) => queue.add(keyOf(i)) });
  // A node's heartbeat changes nothing here; only its addresses or readiness do.
  const shape = (n: Node) => JSON.stringify(readyNodeAddresses([n]));
  nodes.addEventHandler({ add: all, update: (o, n) => shape(o) !== shape(n) && all(), delete: all });

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const ing = ingresses.lister.get(namespace, name);
    if (!ing || ing.metadata.deletionTimestamp) return;
    const want = readyNodeAddresses(nodes.lister.list());
    if (JSON.stringify(ing.status?.loadBalancer?.ingress ?? []) === JSON.stringify(want)) return;
    const next = structuredClone(ing);
    next.status = { ...next.status, loadBalancer: { ingress: want } };
    try {
      await client.updateStatus(next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  return {
    name: 'ingress-status',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [ingresses, nodes], workers: 1, signal, logger }),
  };
}
