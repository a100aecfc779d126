import type { Taint } from '../../../api/core/v1/affinity.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { Lease } from '../../../api/coordination/v1/lease.ts';
import { Resources } from '../../../api/resources.ts';
import type { Informer } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { every, waitForSync } from '../../util/queue-controller.ts';
import { sameTaint, TaintNodeNotReady, TaintNodeUnreachable, TaintNodeUnschedulable } from '../../util/taints.ts';
import { markUnknown, readyCondition } from './conditions.ts';
import { TokenBucket } from './token-bucket.ts';

interface Health {
  probeTimestamp: number;
  heartbeat?: string;
  renewTime?: string;
}

/** NodeLifecycleController exposes one monitoring pass for tests. */
export interface NodeLifecycleController extends Controller {
  monitorNodeHealth(): Promise<void>;
}

const nodeLeaseNamespace = 'kube-node-lease';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * newNodeLifecycleController watches node Leases and Ready conditions. A node not heard from
 * for --node-monitor-grace-period gets Ready=Unknown, its pods Ready=False, a NoSchedule taint
 * at once and a NoExecute taint (unreachable / not-ready) through a rate limiter
 * (--node-eviction-rate) that stops when too much of a zone looks dead; the taint eviction
 * controller then deletes the pods. A healthy node gets its taints back off.
 */
export function newNodeLifecycleController(ctx: ControllerContext): NodeLifecycleController {
  const nodes: Informer<Node> = ctx.informers.informerFor<Node>(Resources.nodes);
  const leases: Informer<Lease> = ctx.informers.informerFor<Lease>(Resources.leases, { namespace: nodeLeaseNamespace });
  const pods: Informer<Pod> = ctx.informers.informerFor<Pod>(Resources.pods);
  const nodeClient = ctx.client.resource<Node>(Resources.nodes);
  const podClient = ctx.client.resource<Pod>(Resources.pods);
  const recorder = ctx.recorder('node-controller');
  const logger = ctx.logger.child({ controller: 'nodelifecycle' });
  const health = new Map<string, Health>();
  const limiter = new TokenBucket(ctx.options.nodeEvictionRate, 1, ctx.clock);
  const o = ctx.options;

  const monitorNodeHealth = async (): Promise<void> => {
    const now = ctx.clock.now();
    const all = nodes.lister.list();
    for (const name of health.keys()) if (!all.some((n) => n.metadata.name === name)) health.delete(name);
    const current: Node[] = [];
    for (const n of all) current.push(await updateHealth(n, now));
    limiter.setRate(evictionRate(current, o.unhealthyZoneThreshold, o.nodeEvictionRate));
    const allDisrupted = current.length > 0 && current.every((n) => readyCondition(n)?.status !== 'True');
    for (const n of current) await reconcileTaints(n, now, allDisrupted);
  };

  /** updateHealth refreshes the probe time from the lease and heartbeat; marks Unknown after the grace period. */
  async function updateHealth(node: Node, now: number): Promise<Node> {
    const name = node.metadata.name ?? '';
    const ready = readyCondition(node);
    const lease = leases.lister.get(nodeLeaseNamespace, name);
    let h = health.get(name);
    if (!h) {
      h = { probeTimestamp: now, heartbeat: ready?.lastHeartbeatTime, renewTime: lease?.spec?.renewTime };
      health.set(name, h);
    }
    if (ready?.lastHeartbeatTime && ready.lastHeartbeatTime !== h.heartbeat) Object.assign(h, { probeTimestamp: now, heartbeat: ready.lastHeartbeatTime });
    if (lease?.spec?.renewTime && lease.spec.renewTime !== h.renewTime) Object.assign(h, { probeTimestamp: now, renewTime: lease.spec.renewTime });
    if (now <= h.probeTimestamp + o.nodeMonitorGracePeriodMs) return node;
    const next = structuredClone(node);
    if (!markUnknown(next, iso(now))) return node;
    logger.info({ node: name }, 'node stopped posting status; marking Unknown');
    try {
      const updated = await nodeClient.updateStatus(next);
      recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      await markPodsNotReady(name, now);
      return updated;
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return node;
      throw err;
    }
  }

  /** markPodsNotReady sets Ready=False on the pods of a node that stopped reporting. */
  async function markPodsNotReady(nodeName: string, now: number): Promise<void> {
    for (const pod of pods.lister.list().filter((p) => p.spec?.nodeName === nodeName)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = structuredClone(pod);
      const c = next.status!.conditions!.find((x) => x.type === 'Ready')!;
      Object.assign(c, { status: 'False', lastTransitionTime: iso(now) });
      try {
        await podClient.updateStatus(next);
      } catch (err) {
        logger.warn({ err, pod: pod.metadata.name }, 'marking pod not ready failed');
      }
    }
  }

  /** reconcileTaints sets the NoSchedule taints at once and the NoExecute taint under the rate limit. */
  async function reconcileTaints(node: Node, now: number, allDisrupted: boolean): Promise<void> {
    const status = readyCondition(node)?.status;
    const wantKey = status === 'False' ? TaintNodeNotReady : status === 'Unknown' ? TaintNodeUnreachable : undefined;
    const taints = structuredClone(node.spec?.taints ?? []) as Taint[];
    const ours = new Set([TaintNodeNotReady, TaintNodeUnreachable]);
    let next = taints.filter((t) => !ours.has(t.key) || (t.key === wantKey && (t.effect === 'NoSchedule' || t.effect === 'NoExecute')));
    const add = (t: Taint) => void (!next.some((x) => sameTaint(x, t)) && next.push(t));
    if (wantKey) add({ key: wantKey, effect: 'NoSchedule', timeAdded: iso(now) });
    // In full disruption (every node dead, e.g. our own network is down) evict nothing.
    if (wantKey && !allDisrupted && !next.some((t) => t.key === wantKey && t.effect === 'NoExecute') && limiter.tryAccept()) {
      add({ key: wantKey, effect: 'NoExecute', timeAdded: iso(now) });
      recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} tainted ${wantKey}:NoExecute`);
    }
    if (node.spec?.unschedulable) add({ key: TaintNodeUnschedulable, effect: 'NoSchedule', timeAdded: iso(now) });
    else next = next.filter((t) => t.key !== TaintNodeUnschedulable);
    if (canonical(next) === canonical(taints)) return;
    try {
      await nodeClient.patch(undefined, node.metadata.name ?? '', 'merge', { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next } });
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }

  return {
    name: 'nodelifecycle',
    monitorNodeHealth,
    run: async (signal) => {
      if (!(await waitForSync([nodes, leases, pods], signal))) return;
      await every(o.nodeMonitorPeriodMs, signal, logger, monitorNodeHealth);
    },
  };
}

/**
 * evictionRate is the NoExecute tainting rate for the cluster's state (one zone per
 * topology.kubernetes.io/zone label): normal rate unless more than 2 nodes and at least
 * unhealthyZoneThreshold of a zone are not ready (partial disruption), where small clusters
 * stop evicting, as Kubernetes does.
 */
export function evictionRate(nodes: Node[], threshold: number, rate: number): number {
  const zones = new Map<string, { ready: number; notReady: number }>();
  for (const n of nodes) {
    const z = n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
    const s = zones.get(z) ?? { ready: 0, notReady: 0 };
    if (readyCondition(n)?.status === 'True') s.ready++;
    else s.notReady++;
    zones.set(z, s);
  }
  for (const s of zones.values()) {
    if (s.notReady > 2 && s.notReady / (s.ready + s.notReady) >= threshold) return nodes.length > 50 ? 0.01 : 0;
  }
  return rate;
}

