/**
 * PodNetwork is the host-gw pod network of one node (flannel host-gw / kubernetes-the-hard-way):
 *  - pods sit on a bridge (`skiff0`) whose subnet is the node's pod CIDR. A Docker bridge network
 *    owns the bridge, its gateway address and Docker's forwarding rules for it; the sandboxes do
 *    not join it through Docker (that costs ≈70 ms per start) but run on Docker's "none" network
 *    and are wired by the kubelet: a pod IP from PodIPs, recorded in the sandbox's labels, and a
 *    veth into the bridge (sandbox-link.ts) that disappears with the sandbox — nothing to leak;
 *  - a route to every other node's pod CIDR via its InternalIP, kept in sync with the Nodes;
 *  - no NAT between pod CIDRs (Docker masquerading is off on the network); traffic leaving the
 *    cluster CIDR is masqueraded by a SKIFF-POSTROUTING rule; SKIFF-FORWARD accepts pod traffic
 *    that Docker's FORWARD policy would drop; ip_forward on.
 * Everything is named/commented "skiff" and removed by uninstall.ts.
 */
import { access, writeFile } from 'node:fs/promises';
import type { Logger } from '../../component-base/logger.ts';
import type { Node } from '../api-types.ts';
import { LabelNode, LabelPodIP, LabelType, type ContainerRuntime, type RuntimeContainer } from '../runtime/types.ts';
import { firstHostOf, offsetInRange, parseCidr, type IPv4Range } from '../../component-base/ipv4-range.ts';
import { deleteRoute, ensureChain, ensureRule, listSkiffRoutes, replaceRoute } from './host.ts';
import { PodIPs } from './pod-ips.ts';
import { hostIfName, linkSandbox } from './sandbox-link.ts';

/** SandboxNetwork is what the pod syncer needs of the pod network to give a sandbox its address. */
export interface SandboxNetwork {
  /** reserve picks the pod IP of `uid`'s new sandbox; release it once the sandbox runs or failed to. */
  reserve(uid: string): Promise<string>;
  release(uid: string): void;
  /** attach wires a running sandbox that carries a pod IP label (again after a kubelet restart). */
  attach(uid: string, sandbox: RuntimeContainer): Promise<void>;
  /** fits is false for a sandbox whose pod IP lies outside the pod CIDR (it changed): it must be replaced. */
  fits(sandbox: RuntimeContainer): boolean;
  /** forget drops what is remembered of a pod that is gone. */
  forget(uid: string): void;
}

/** PodNetworkOptions configure a PodNetwork. */
export interface PodNetworkOptions {
  runtime: ContainerRuntime;
  nodeName: string;
  podCIDR: string;
  clusterCIDR: string;
  /** networkName is the Docker network (and bridge) name; tests use their own. */
  networkName: string;
  /** manageHost false skips routes, iptables and sysctls (tests on a shared host). */
  manageHost: boolean;
  log: Logger;
}

/** PodNetwork: see the file comment. */
export class PodNetwork implements SandboxNetwork {
  readonly #o: PodNetworkOptions;
  readonly #ips: PodIPs;
  /**
   * #wired maps a pod UID to the sandbox (ID and process) this process wired: attach is then free.
   * It is cleared whenever the bridge network had to be made again, which detached every veth.
   */
  readonly #wired = new Map<string, string>();
  readonly #range: IPv4Range;

  constructor(o: PodNetworkOptions) {
    this.#o = o;
    this.#ips = new PodIPs({ podCIDR: o.podCIDR, inUse: () => this.#inUse() });
    this.#range = parseCidr(o.podCIDR);
  }

  reserve(uid: string): Promise<string> {
    return this.#ips.reserve(uid);
  }

  release(uid: string): void {
    this.#ips.release(uid);
  }

  async attach(uid: string, sandbox: RuntimeContainer): Promise<void> {
    const ip = sandbox.labels[LabelPodIP];
    if (!ip || (sandbox.pid && this.#wired.get(uid) === `${sandbox.id}/${sandbox.pid}`)) return;
    const pid = sandbox.pid ?? (await this.#o.runtime.inspect(sandbox.id))?.pid;
    if (!pid) throw new Error(`sandbox ${sandbox.id} is not running`);
    await linkSandbox({
      pid, hostIf: hostIfName(sandbox.id), bridge: this.#bridge, address: `${ip}/${this.#o.podCIDR.split('/')[1]}`, gateway: firstHostOf(this.#o.podCIDR),
    });
    this.#wired.set(uid, `${sandbox.id}/${pid}`);
  }

  fits(sandbox: RuntimeContainer): boolean {
    const ip = sandbox.labels[LabelPodIP];
    return !ip || offsetInRange(this.#range, ip) !== undefined;
  }

  forget(uid: string): void {
    this.#wired.delete(uid);
  }

  get #bridge(): string {
    return this.#o.networkName.slice(0, 15);
  }

  /**
   * #inUse lists the IPs of running sandboxes, and of stopped ones whose veth still exists: when
   * the pause process dies, the pod's other containers keep its namespace (and IP) alive until
   * the pod is stopped.
   */
  async #inUse(): Promise<string[]> {
    const sandboxes = await this.#o.runtime.list({ labels: { [LabelType]: 'sandbox', [LabelNode]: this.#o.nodeName }, all: true });
    const alive = await Promise.all(sandboxes.map(async (c) => {
      if (c.ip) return c.ip;
      const ip = c.labels[LabelPodIP];
      return ip && (await access(`/sys/class/net/${hostIfName(c.id)}`).then(() => true, () => false)) ? ip : undefined;
    }));
    return alive.filter((ip) => ip !== undefined);
  }

  /** setup creates the bridge network and (when managing the host) forwarding and NAT rules. */
  async setup(): Promise<void> {
    const made = await this.#o.runtime.ensureNetwork(this.#o.networkName, this.#o.podCIDR, this.#bridge);
    if (made.outcome !== 'kept') {
      // A new bridge has no veths: every running sandbox is wired again on its next sync.
      if (this.#wired.size) this.#o.log.warn({ network: this.#o.networkName }, 'the pod network was gone; made it again, re-wiring the pods');
      this.#wired.clear();
    }
    if (made.outcome === 'replaced') this.#o.log.warn({ network: this.#o.networkName, was: made.previousSubnet, now: this.#o.podCIDR }, 'the pod network had another subnet; recreated it with the pod CIDR');
    if (!this.#o.manageHost) return;
    await writeFile('/proc/sys/net/ipv4/ip_forward', '1').catch((err) => this.#o.log.warn({ err }, 'cannot enable ip_forward'));
    const cluster = this.#o.clusterCIDR;
    await ensureChain('filter', 'FORWARD', 'SKIFF-FORWARD');
    await ensureRule('filter', 'SKIFF-FORWARD', ['-s', cluster, '-j', 'ACCEPT'], 'pod network egress');
    await ensureRule('filter', 'SKIFF-FORWARD', ['-d', cluster, '-j', 'ACCEPT'], 'pod network ingress');
    await ensureChain('nat', 'POSTROUTING', 'SKIFF-POSTROUTING');
    await ensureRule('nat', 'SKIFF-POSTROUTING', ['-s', this.#o.podCIDR, '!', '-d', cluster, '-j', 'MASQUERADE'], 'masquerade traffic leaving the cluster CIDR');
  }

  /** syncRoutes makes Skiff's routes exactly: other node's pod CIDR via its InternalIP. */
  async syncRoutes(nodes: Node[]): Promise<void> {
    if (!this.#o.manageHost) return;
    const want = new Map<string, string>();
    for (const n of nodes) {
      if (n.metadata.name === this.#o.nodeName) continue;
      const cidr = n.spec?.podCIDR;
      const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
      if (cidr && ip) want.set(normalize(cidr), ip);
    }
    const have = await listSkiffRoutes();
    for (const r of have) {
      if (want.get(r.dst) === r.gateway) want.delete(r.dst);
      else if (!want.has(r.dst)) {
        this.#o.log.info({ dst: r.dst }, 'removing route of a gone node');
        await deleteRoute(r.dst).catch((err) => this.#o.log.warn({ err }, 'route delete failed'));
      }
    }
    for (const [dst, via] of want) {
      this.#o.log.info({ dst, via }, 'route to node pod CIDR');
      await replaceRoute(dst, via).catch((err) => this.#o.log.warn({ err, dst, via }, 'route add failed'));
    }
  }
}

function normalize(cidr: string): string {
  return cidr;
}
