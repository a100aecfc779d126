/**
 * NodeAgent registers the kubelet's Node, renews its Lease in kube-node-lease (every 10 s by
 * default) and writes node status when it changes or at least every minute — the heartbeats
 * the node lifecycle controller watches.
 */
import type { Clock } from '../client/clock.ts';
import { sleep } from '../client/clock.ts';
import type { Client } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { isAlreadyExists, isNotFound } from '../api/errors.ts';
import type { Node, NodeStatus } from './api-types.ts';
import type { ContainerRuntime } from './runtime/types.ts';
import { newNode, nodeStatus, readHost, statusChanged, type NodeIdentity } from './node-status.ts';

/** LeaseObject is the part of coordination.k8s.io/v1 Lease the kubelet writes. */
type LeaseObject = KubeObject & { spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string } };

/** NodeAgentOptions wire a NodeAgent. */
export interface NodeAgentOptions {
  client: Client;
  runtime: ContainerRuntime;
  identity: NodeIdentity;
  rootDir: string;
  clock: Clock;
  log: Logger;
  leaseRenewMs?: number;
  leaseDurationSeconds?: number;
  statusCheckMs?: number;
  statusForceMs?: number;
}

/** microTime formats a MicroTime (RFC 3339 with microseconds). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** NodeAgent: see the file comment. */
export class NodeAgent {
  readonly #o: NodeAgentOptions;
  #lastStatus?: NodeStatus;
  #lastWrite = 0;
  #node?: Node;

  constructor(o: NodeAgentOptions) {
    this.#o = o;
  }

  /** node is the last Node object seen (its spec.podCIDR feeds the pod network). */
  get node(): Node | undefined {
    return this.#node;
  }

  /** register creates the Node, or on restart updates its labels, taints and status. */
  async register(): Promise<Node> {
    const nodes = this.#o.client.resource<Node>(Resources.nodes);
    const status = await this.#status();
    const wanted = newNode(this.#o.identity, status);
    try {
      this.#node = await nodes.create(undefined, wanted);
      this.#o.log.info({ node: this.#o.identity.nodeName }, 'registered node');
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const spec = this.#o.identity.podCIDR ? { podCIDR: this.#o.identity.podCIDR, podCIDRs: [this.#o.identity.podCIDR] } : {};
      const existing = await nodes.get(undefined, this.#o.identity.nodeName);
      const patch = { metadata: { labels: wanted.metadata.labels }, spec: existing.spec?.podCIDR ? {} : spec };
      this.#node = await nodes.patch(undefined, this.#o.identity.nodeName, 'merge', patch);
    }
    await this.#writeStatus(status);
    return this.#node!;
  }

  /** run renews the lease and updates status until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.all([this.#leaseLoop(signal), this.#statusLoop(signal)]);
  }

  /** renewLease creates or renews the node's Lease once. */
  async renewLease(): Promise<void> {
    const leases = this.#o.client.resource<LeaseObject>(Resources.leases);
    const name = this.#o.identity.nodeName;
    const spec = { holderIdentity: name, leaseDurationSeconds: this.#o.leaseDurationSeconds ?? 40, renewTime: microTime(this.#o.clock.now()) };
    try {
      await leases.patch('kube-node-lease', name, 'merge', { spec });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const owner = this.#node?.metadata.uid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: this.#node.metadata.uid }] : undefined;
      await leases.create('kube-node-lease', {
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease', ownerReferences: owner }, spec,
      } as LeaseObject);
    }
  }

  async #leaseLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.renewLease();
      } catch (err) {
        this.#o.log.warn({ err }, 'lease renewal failed');
      }
      await sleep(this.#o.clock, this.#o.leaseRenewMs ?? 10_000, signal);
    }
  }

  async #statusLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.#o.clock, this.#o.statusCheckMs ?? 10_000, signal);
      if (signal.aborted) break;
      try {
        const status = await this.#status();
        const due = this.#o.clock.now() - this.#lastWrite >= (this.#o.statusForceMs ?? 60_000);
        if (due || statusChanged(this.#lastStatus, status)) await this.#writeStatus(status);
      } catch (err) {
        this.#o.log.warn({ err }, 'node status update failed');
      }
    }
  }

  async #status(): Promise<NodeStatus> {
    let runtimeError: string | undefined;
    try {
      await this.#o.runtime.ping();
      this.#o.identity.runtimeVersion = await this.#o.runtime.version();
    } catch (err) {
      runtimeError = (err as Error).message;
    }
    const h = await readHost(this.#o.rootDir);
    return nodeStatus(this.#o.identity, h, runtimeError, this.#lastStatus, new Date(this.#o.clock.now()));
  }

  async #writeStatus(status: NodeStatus): Promise<void> {
    this.#node = await this.#o.client.resource<Node>(Resources.nodes).patch(undefined, this.#o.identity.nodeName, 'merge', { status }, { subresource: 'status' });
    this.#lastStatus = status;
    this.#lastWrite = this.#o.clock.now();
  }
}
