import { readFileSync } from 'node:fs';
import type { Endpoints } from '../api/core/v1/endpoints.ts';
import type { Service } from '../api/core/v1/service.ts';
import { Resources } from '../api/resources.ts';
import type { Client, SharedInformerFactory } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import type { AddressManager } from './address-manager.ts';
import type { Ingress } from '../api/networking/v1/ingress.ts';
import type { Node } from '../api/core/v1/node.ts';
import { DnsServer } from './dns/dns-server.ts';
import { ingressRoutes } from './ingress/ingress-routes.ts';
import { IngressServer } from './ingress/ingress-server.ts';
import { Proxier } from './proxier.ts';
import { servicePortsOf } from './service-ports.ts';
import { SyncLoop } from './sync-loop.ts';

/** ProxyServerOptions are everything the node proxy needs, resolved from flags by main.ts. */
export interface ProxyServerOptions {
  client: Client;
  informers: SharedInformerFactory;
  nodeName: string;
  addresses: AddressManager;
  logger: Logger;
  /** clusterDNS is the IP the cluster DNS serves on (the kube-dns Service's clusterIP); '' disables DNS. */
  clusterDNS: string;
  clusterDomain: string;
  dnsPort?: number;
  upstreamResolvers?: string[];
  nodePortAddress?: string;
  drainGraceMs?: number;
  /** ingressPort is where the ingress controller listens on every address (0: no ingress controller). */
  ingressPort?: number;
  /** ingressClass limits the Ingresses served to that class (and those without one); '' serves all. */
  ingressClass?: string;
}

/** ProxyServer is the running node proxy: service listeners plus (optionally) cluster DNS. */
export interface ProxyServer {
  proxier: Proxier;
  dnsPort?: number;
  /** ingress is the ingress controller, when one runs. */
  ingress?: IngressServer;
  stop(): Promise<void>;
}

/**
 * startProxyServer watches Services and Endpoints, keeps the proxier's listeners in step within
 * a fraction of a second of every change, serves cluster DNS on the clusterDNS address and, with
 * an ingress port, routes HTTP by the cluster's Ingresses (ingress/).
 */
export async function startProxyServer(opts: ProxyServerOptions, signal: AbortSignal): Promise<ProxyServer> {
  const services = opts.informers.informerFor<Service>(Resources.services);
  const endpoints = opts.informers.informerFor<Endpoints>(Resources.endpoints);
  const dnsAddresses = opts.clusterDNS ? [opts.clusterDNS] : [];
  const proxier = new Proxier({
    nodeName: opts.nodeName,
    addresses: opts.addresses,
    logger: opts.logger,
    nodePortAddress: opts.nodePortAddress,
    drainGraceMs: opts.drainGraceMs,
    extraAddresses: dnsAddresses,
  });
  const ingresses = opts.ingressPort ? opts.informers.informerFor<Ingress>(Resources.ingresses) : undefined;
  // Only this node: its addresses are where the ingress listens.
  const self = opts.ingressPort ? opts.informers.informerFor<Node>(Resources.nodes, { fieldSelector: `metadata.name=${opts.nodeName}` }) : undefined;
  const ingress = opts.ingressPort ? new IngressServer({ port: opts.ingressPort, logger: opts.logger.child({ part: 'ingress' }) }) : undefined;
  const sync = async () => {
    const ports = servicePortsOf(services.lister.list(), endpoints.lister.list(), new Set(dnsAddresses));
    await proxier.sync(ports);
    if (!ingress || !ingresses || !self) return;
    ingress.update(ingressRoutes(ingresses.lister.list(), opts.ingressClass), ports);
    await ingress.listen(ingressAddresses(self.lister.get(undefined, opts.nodeName)));
  };
  const loop = new SyncLoop(sync, { onError: (err) => opts.logger.warn({ err }, 'proxy sync failed; retrying') });
  const trigger = { add: () => loop.trigger(), update: () => loop.trigger(), delete: () => loop.trigger() };
  services.addEventHandler(trigger);
  endpoints.addEventHandler(trigger);
  ingresses?.addEventHandler(trigger);
  self?.addEventHandler(trigger);
  opts.informers.start(signal);
  await opts.informers.waitForCacheSync(signal);
  // The first sync must succeed before DNS binds: it puts the DNS address on the service interface.
  await retryUntilDone(sync, opts.logger, signal);

  let dns: DnsServer | undefined;
  let dnsPort: number | undefined;
  if (opts.clusterDNS) {
    dns = new DnsServer({
      host: opts.clusterDNS,
      port: opts.dnsPort ?? 53,
      domain: opts.clusterDomain,
      upstreams: opts.upstreamResolvers ?? hostResolvers(opts.clusterDNS),
      logger: opts.logger.child({ part: 'dns' }),
      view: {
        service: (ns, name) => services.lister.get(ns, name),
        endpoints: (ns, name) => endpoints.lister.get(ns, name),
      },
    });
    dnsPort = await dns.start();
    opts.logger.info({ address: opts.clusterDNS, port: dnsPort }, 'cluster DNS serving');
  }
  return {
    proxier,
    dnsPort,
    ingress,
    async stop() {
      loop.stop();
      await dns?.stop();
      await ingress?.close();
      await proxier.shutdown();
    },
  };
}

/** ingressAddresses are where the ingress controller listens: the node's Internal/External IPs and loopback. */
export function ingressAddresses(node: Node | undefined): string[] {
  const own = (node?.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address);
  return [...new Set(['127.0.0.1', ...own])];
}

async function retryUntilDone(fn: () => Promise<void>, logger: Logger, signal: AbortSignal): Promise<void> {
  for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw err;
      logger.warn({ err, retryInMs: delay }, 'initial proxy sync failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** hostResolvers reads the host's nameservers from /etc/resolv.conf, minus our own address. */
export function hostResolvers(self: string, text = safeRead('/etc/resolv.conf')): string[] {
  return [...text.matchAll(/^nameserver\s+(\S+)/gm)].map((m) => m[1]).filter((ip) => ip !== self);
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
