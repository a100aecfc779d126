import type { Logger } from '../component-base/logger.ts';
import type { AddressManager } from './address-manager.ts';
import { Balancer, type Backend } from './balancer.ts';
import type { ServicePort } from './service-ports.ts';
import { TcpProxyPort } from './tcp-proxy-port.ts';
import { UdpProxyPort } from './udp-proxy-port.ts';

/** ProxierOptions configure the node's proxier. */
export interface ProxierOptions {
  nodeName: string;
  addresses: AddressManager;
  logger: Logger;
  /** nodePortAddress is where NodePorts listen (all addresses by default). */
  nodePortAddress?: string;
  /** drainGraceMs is how long established connections to a removed endpoint or service may finish. */
  drainGraceMs?: number;
  /** extraAddresses stay on the service interface besides the services' (the cluster DNS address). */
  extraAddresses?: string[];
}

interface Listener {
  proxy: TcpProxyPort | UdpProxyPort;
  balancer: Balancer;
  /** bound is false until listen succeeded; a failed bind is retried on the next sync. */
  bound: boolean;
}

interface DesiredListener {
  protocol: 'TCP' | 'UDP';
  host: string;
  port: number;
  servicePort: ServicePort;
  backends: Backend[];
}

/**
 * Proxier turns the desired service ports into listeners: one per clusterIP/externalIP:port
 * and one per NodePort (TCP or UDP, keyed "ip:port" and "ip:port/UDP"), each with its own balancer (NodePorts with externalTrafficPolicy Local
 * see only this node's endpoints). `sync` is idempotent and serialized internally.
 */
export class Proxier {
  #options: ProxierOptions;
  #listeners = new Map<string, Listener>();
  #running: Promise<void> = Promise.resolve();

  constructor(options: ProxierOptions) {
    this.#options = options;
  }

  /** sync reconciles listeners and service addresses with `ports`; concurrent calls run one after another. */
  sync(ports: ServicePort[]): Promise<void> {
    const next = this.#running.catch(() => undefined).then(() => this.#sync(ports));
    this.#running = next;
    return next;
  }

  async #sync(ports: ServicePort[]): Promise<void> {
    const desired = this.#desired(ports);
    const serviceAddresses = ports.filter((p) => servedProtocol(p.protocol)).flatMap((p) => p.addresses);
    await this.#options.addresses.sync([...new Set([...serviceAddresses, ...(this.#options.extraAddresses ?? [])])]);
    for (const [key, want] of desired) await this.#apply(key, want);
    const grace = this.#options.drainGraceMs ?? 30_000;
    for (const [key, listener] of this.#listeners) {
      if (desired.has(key)) continue;
      this.#listeners.delete(key);
      this.#options.logger.info({ listener: key }, 'closing listener of removed service port');
      void listener.proxy.close(grace);
    }
  }

  /** listenerKeys lists what is being served, e.g. "10.96.0.12:80". */
  listenerKeys(): string[] {
    return [...this.#listeners.entries()].filter(([, l]) => l.bound).map(([k]) => k);
  }

  /** shutdown closes every listener and removes the service addresses. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.#listeners.values()].map((l) => l.proxy.close(0)));
    this.#listeners.clear();
    await this.#options.addresses.remove();
  }

  #desired(ports: ServicePort[]): Map<string, DesiredListener> {
    const desired = new Map<string, DesiredListener>();
    for (const sp of ports) {
      const protocol = servedProtocol(sp.protocol);
      if (!protocol) continue; // SCTP is not proxied
      // TCP keys stay "ip:port"; a UDP listener on the same address and port is another one.
      const key = (host: string, port: number) => (protocol === 'TCP' ? `${host}:${port}` : `${host}:${port}/UDP`);
      for (const host of sp.addresses) desired.set(key(host, sp.port), { protocol, host, port: sp.port, servicePort: sp, backends: sp.backends });
      if (sp.nodePort) {
        const host = this.#options.nodePortAddress ?? '0.0.0.0';
        const backends = sp.localOnly ? sp.backends.filter((b) => b.nodeName === this.#options.nodeName) : sp.backends;
        desired.set(key(host, sp.nodePort), { protocol, host, port: sp.nodePort, servicePort: sp, backends });
      }
    }
    return desired;
  }

  async #apply(key: string, want: DesiredListener): Promise<void> {
    let listener = this.#listeners.get(key);
    if (!listener) {
      const balancer = new Balancer();
      const opts = { name: want.servicePort.key, host: want.host, port: want.port, balancer, logger: this.#options.logger };
      const proxy = want.protocol === 'UDP' ? new UdpProxyPort(opts) : new TcpProxyPort(opts);
      listener = { proxy, balancer, bound: false };
      this.#listeners.set(key, listener);
    }
    listener.balancer.setAffinity({ timeoutMs: want.servicePort.affinityTimeoutMs });
    listener.balancer.setBackends(want.backends);
    listener.proxy.drainRemoved(this.#options.drainGraceMs ?? 30_000);
    if (listener.bound) return;
    try {
      await listener.proxy.listen();
      listener.bound = true;
      this.#options.logger.info({ listener: key, service: want.servicePort.key }, 'listening');
    } catch (err) {
      this.#options.logger.warn({ err, listener: key, service: want.servicePort.key }, 'cannot listen yet; will retry on next sync');
    }
  }
}

/** servedProtocol is the protocol the proxier serves a service port with (TCP, UDP), or undefined (SCTP). */
function servedProtocol(protocol: string): 'TCP' | 'UDP' | undefined {
  return protocol === 'TCP' || protocol === 'UDP' ? protocol : undefined;
}
