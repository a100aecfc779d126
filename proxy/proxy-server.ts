import { readFileSync } from 'node:fs';
import type { Endpoints } from '../api/core/v1/endpoints.ts';
import type { Service } from '../api/core/v1/service.ts';
import { Resources } from '../api/resources.ts';
import type { Client, SharedInformerFactory } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import type { AddressManager } from './address-manager.ts';
import { DnsServer } from './dns/dns-server.ts';
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
}

/** ProxyServer is the running node proxy: service listeners plus (optionally) cluster DNS. */
export interface ProxyServer {
  proxier: Proxier;
  dnsPort?: number;
  stop(): Promise<void>;
}

/**
 * startProxyServer watches Services and Endpoints, keeps the proxier's listeners in step within
 * a fraction of a second of every change, and serves cluster DNS on the clusterDNS address.
 */
export async function startProxyServer(opts: ProxyServerOptions, signal: AbortSignal): Promise<ProxyServer> {
  const services = opts.informers.informerFor<Service>(Resources.services);
  const endpoints = opts.informers.informerFor<Endpoints>(Resources.endpoints);
  const proxier = new Proxier({ nodeName: opts.nodeName, addresses: opts.addresses, logger: opts.logger, nodePortAddress: opts.nodePortAddress, drainGraceMs: opts.drainGraceMs });
  const skip = new Set(opts.clusterDNS ? [opts.clusterDNS] : []);
  const loop = new SyncLoop(
    () => proxier.sync(servicePortsOf(services.lister.list(), endpoints.lister.list(), skip)).then(() => undefined),
    { onError: (err) => opts.logger.warn({ err }, 'proxy sync failed; retrying') },
  );
  const trigger = { add: () => loop.trigger(), update: () => loop.trigger(), delete: () => loop.trigger() };
  services.addEventHandler(trigger);
  endpoints.addEventHandler(trigger);
  opts.informers.start(signal);
  await opts.informers.waitForCacheSync(signal);
  loop.trigger(0);

  let dns: DnsServer | undefined;
  let dnsPort: number | undefined;
  if (opts.clusterDNS) {
    // The DNS address lives on the service interface like any ClusterIP; it must exist before bind.
    await opts.addresses.sync([opts.clusterDNS]);
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
    async stop() {
      loop.stop();
      await dns?.stop();
      await proxier.shutdown();
    },
  };
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
