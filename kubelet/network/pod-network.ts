/**
 * PodNetwork is the host-gw pod network of one node (flannel host-gw / kubernetes-the-hard-way):
 *  - pods sit on a Docker bridge network (bridge `skiff0`) whose subnet is the node's pod CIDR.
 *    A Docker network rather than hand-made veths: Docker's IPAM hands out and persists pod IPs,
 *    reconnects sandboxes after a daemon restart, and cleans up veths — nothing to leak;
 *  - a route to every other node's pod CIDR via its InternalIP, kept in sync with the Nodes;
 *  - no NAT between pod CIDRs (Docker masquerading is off on the network); traffic leaving the
 *    cluster CIDR is masqueraded by a SKIFF-POSTROUTING rule; SKIFF-FORWARD accepts pod traffic
 *    that Docker's FORWARD policy would drop; ip_forward on.
 * Everything is named/commented "skiff" and removed by uninstall.ts.
 */
import { writeFile } from 'node:fs/promises';
import type { Logger } from '../../component-base/logger.ts';
import type { Node } from '../api-types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { deleteRoute, ensureChain, ensureRule, listSkiffRoutes, replaceRoute } from './host.ts';

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
export class PodNetwork {
  readonly #o: PodNetworkOptions;

  constructor(o: PodNetworkOptions) {
    this.#o = o;
  }

  /** networkName is what sandboxes join. */
  get networkName(): string {
    return this.#o.networkName;
  }

  /** setup creates the bridge network and (when managing the host) forwarding and NAT rules. */
  async setup(): Promise<void> {
    await this.#o.runtime.ensureNetwork(this.#o.networkName, this.#o.podCIDR, this.#o.networkName.slice(0, 15));
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
