/**
 * SimCluster: the real API server on a real etcd, with Node objects and no kubelets, for
 * controller-manager integration tests. A simulator plays scheduler and kubelet: it binds
 * unscheduled pods to live nodes (pods/binding), marks bound pods Running and Ready
 * (pods/status) — or Succeeded/Failed when the pod is labelled `sim/exit` — finishes graceful
 * deletions on live nodes, and renews the Leases of live nodes. A "killed" node stops all that.
 */
import type { Node } from '../../api/core/v1/node.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import type { Client, EventRecorder } from '../../client/types.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { startTestApiServer, type TestApiServer } from '../../testing/apiserver.ts';
import { defaultOptions, type Clock, type ControllerManagerOptions } from '../context.ts';
import { runControllerManager, type Elector } from '../controller-manager.ts';

const iso = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const noRecorder: EventRecorder = { event: () => {} };

/** SimCluster is what integration tests drive. */
export interface SimCluster {
  api: TestApiServer;
  client: Client;
  addNode(name: string): Promise<void>;
  /** killNode stops the node's lease renewals and its simulated kubelet. */
  killNode(name: string): void;
  /** reviveNode restarts a killed node: lease renewals resume and it reports Ready again. */
  reviveNode(name: string): Promise<void>;
  liveNodes(): string[];
  /** startManager runs a controller-manager in-process; stop() aborts it and waits. */
  startManager(opts?: { controllers?: string[]; options?: Partial<ControllerManagerOptions>; elector?: Elector; identity?: string; clock?: Clock; onState?: (s: 'leading' | 'standby') => void }): { stop(): Promise<void> };
  stop(): Promise<void>;
}

/** waitFor polls cond until it returns a truthy value or the deadline passes, then fails with what it last saw. */
export async function waitFor<T>(what: string, cond: () => Promise<T> | T, timeoutMs = 60_000, describe?: () => unknown): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(describe ? await describe() : last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** startSimCluster starts etcd, the API server and the simulator. */
export async function startSimCluster(): Promise<SimCluster> {
  const api = await startTestApiServer();
  const client = clientFromKubeconfig(api.kubeconfigPath, 'controller-manager-test');
  const live = new Set<string>();
  const managers = new Set<{ stop(): Promise<void> }>();
  const stop = new AbortController();
  let podIP = 1;
  let rr = 0;

  const tick = async () => {
    const now = iso();
    for (const n of live) {
      await client.resource(Resources.leases).patch('kube-node-lease', n, 'merge', { spec: { renewTime: now.replace('Z', '.000000Z') } }).catch(() => {});
    }
    const pods = (await client.resource<Pod>(Resources.pods).list(undefined)).items;
    const nodes = (await client.resource<Node>(Resources.nodes).list(undefined)).items;
    const schedulable = nodes.filter((n) => live.has(n.metadata.name ?? '') && !(n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'));
    await Promise.all(pods.map((p) => simulatePod(client, p, live, schedulable, () => rr++, () => podIP++)));
  };
  const loop = (async () => {
    while (!stop.signal.aborted) {
      await tick().catch(() => {});
      await new Promise((r) => setTimeout(r, 150));
    }
  })();

  return {
    api,
    client,
    liveNodes: () => [...live],
    async addNode(name) {
      const node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name } },
        spec: {},
        status: {
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(), lastTransitionTime: iso() }],
          addresses: [{ type: 'InternalIP', address: '192.0.2.1' }],
          capacity: { cpu: '4', memory: '8Gi', pods: '110' },
          allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
        },
      } as unknown as Node;
      const created = await client.resource<Node>(Resources.nodes).create(undefined, node);
      created.status = node.status;
      await client.resource<Node>(Resources.nodes).updateStatus(created);
      const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: iso().replace('Z', '.000000Z') } } as KubeObject;
      await client.resource(Resources.leases).create('kube-node-lease', lease).catch((err) => { if (!isAlreadyExists(err)) throw err; });
      live.add(name);
    },
    killNode: (name) => void live.delete(name),
    async reviveNode(name) {
      live.add(name);
      const nodes = client.resource<Node>(Resources.nodes);
      const n = await nodes.get(undefined, name);
      n.status = { ...n.status, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(), lastTransitionTime: iso() }] } as Node['status'];
      await nodes.updateStatus(n);
    },
    startManager(opts = {}) {
      const ac = new AbortController();
      const done = runControllerManager(
        {
          client,
          options: { ...defaultOptions(), ...opts.options },
          controllers: opts.controllers ?? ['*'],
          logger: silentLogger(),
          recorder: () => noRecorder,
          elector: opts.elector,
          identity: opts.identity ?? 'test',
          clock: opts.clock,
          onState: opts.onState,
        },
        ac.signal,
      );
      const handle = { stop: async () => { ac.abort(); await done; managers.delete(handle); } };
      managers.add(handle);
      return handle;
    },
    async stop() {
      for (const m of [...managers]) await m.stop();
      stop.abort();
      await loop;
      await client.close();
      await api.stop();
    },
  };
}

async function simulatePod(client: Client, p: Pod, live: Set<string>, schedulable: Node[], nextRR: () => number, nextIP: () => number): Promise<void> {
  const pods = client.resource<Pod>(Resources.pods);
  const ns = p.metadata.namespace, name = p.metadata.name ?? '';
  const node = p.spec?.nodeName;
  const ignore = (err: unknown) => { if (!isNotFound(err) && !isConflict(err)) throw err; };
  if (p.metadata.deletionTimestamp) {
    // The kubelet of a live node confirms the termination; a dead node's pods stay Terminating.
    if (node && live.has(node)) await pods.delete(ns, name, { gracePeriodSeconds: 0 }).catch(ignore);
    return;
  }
  if (!node) {
    // Required node affinity on metadata.name (DaemonSet pods) pins the node, as the scheduler would.
    const pinned = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name')?.values?.[0];
    if (pinned && !live.has(pinned)) return;
    if (!pinned && schedulable.length === 0) return;
    const target = pinned ?? schedulable[nextRR() % schedulable.length].metadata.name;
    await pods.createSubresource(ns, name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: ns }, target: { apiVersion: 'v1', kind: 'Node', name: target } }).catch(ignore);
    return;
  }
  if (!live.has(node) || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return;
  if (p.status?.phase === 'Running') return;
  const exit = p.metadata.labels?.['sim/exit'];
  const now = iso();
  const ip = nextIP();
  const next = structuredClone(p);
  const terminated = { terminated: { exitCode: exit === 'fail' ? 1 : 0, reason: exit === 'fail' ? 'Error' : 'Completed', startedAt: now, finishedAt: now } };
  next.status = {
    ...next.status,
    phase: exit === 'fail' ? 'Failed' : exit === 'succeed' ? 'Succeeded' : 'Running',
    podIP: `10.244.${Math.floor(ip / 250)}.${(ip % 250) + 2}`,
    hostIP: '192.0.2.1',
    startTime: now,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      { type: 'Ready', status: exit ? 'False' : 'True', lastTransitionTime: now },
    ],
    containerStatuses: (p.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', imageID: '', ready: !exit, restartCount: 0, state: exit ? terminated : { running: { startedAt: now } } })),
  } as Pod['status'];
  await pods.updateStatus(next).catch(ignore);
}
