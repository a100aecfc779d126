import type { AddressInfo } from 'node:net';
import type { Logger } from '../component-base/logger.ts';
import { silentLogger } from '../component-base/logger.ts';
import { build, type ApiServer, type BuildOptions } from './app.ts';
import { defaultAdvertiseAddress, ensureKubernetesEndpoints, ensureSystemObjects } from './bootstrap.ts';
import { loadKindPlugins } from './kinds.ts';
import { createEtcdStorage, type EtcdTls } from './storage/etcd-storage.ts';
import type { Storage } from './storage/types.ts';
import { createCachedWatchSource } from './watch-source.ts';

/** ServerOptions start a complete API server (storage, watch caches, bootstrap objects, listener). */
export interface ServerOptions extends Omit<BuildOptions, 'storage' | 'logger'> {
  etcdServers?: string[];
  /** etcdTls dials etcd over TLS with this CA and client certificate (--etcd-cafile/--etcd-certfile/--etcd-keyfile). */
  etcdTls?: EtcdTls;
  /** storage overrides etcdServers (tests on memory storage). */
  storage?: Storage;
  bindAddress?: string;
  port?: number;
  /** advertiseAddress is the IP put in the `kubernetes` Endpoints (default: bind address or first external IPv4). */
  advertiseAddress?: string;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  logger?: Logger;
}

/** RunningApiServer is a listening API server. */
export interface RunningApiServer extends ApiServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function retryBootstrap(server: ApiServer, port: number, advertise: string, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureSystemObjects(server.ctx, port);
      await ensureKubernetesEndpoints(server.ctx, advertise, port);
      return;
    } catch (err) {
      if (attempt >= 30) throw err;
      log.warn({ err, attempt }, 'bootstrap objects not created yet (etcd unreachable?), retrying');
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 2000)));
    }
  }
}

/**
 * startApiServer builds the API server over etcd (one watch cache per resource), creates the
 * system namespaces, and listens — plain HTTP when no serving certificate is given (logged).
 */
export async function startApiServer(opts: ServerOptions): Promise<RunningApiServer> {
  const log = opts.logger ?? silentLogger();
  const rawStorage = opts.storage ?? createEtcdStorage({ endpoints: opts.etcdServers ?? ['http://127.0.0.1:2379'], tls: opts.etcdTls, logger: log });
  // Security (when given) encrypts secrets at rest and runs storage-level admission below everything else.
  const storage = opts.security ? opts.security.wrapStorage(rawStorage) : rawStorage;
  const cached = createCachedWatchSource(storage, log);
  const watchSource = opts.watchSource ?? cached;
  const namespaces = cached.cacheFor('/registry/namespaces/');
  const cachedList = (prefix: string) => {
    const cache = cached.cacheFor(prefix);
    return cache.ready() ? cache.listFromCache() : undefined;
  };
  // A keyed lookup: every namespaced create checks its namespace here, so no per-request list or sort.
  const cachedNamespace = (name: string) => (namespaces.ready() ? namespaces.getFromCache(`/registry/namespaces/${name}`) : undefined);
  let bootstrapped = false;
  const server = build({ ...(await loadKindPlugins()), cachedNamespace, cachedList, notReadyReason: () => (bootstrapped ? '' : 'poststarthook/bootstrap-system-objects not finished'), ...opts, storage, watchSource, logger: log, https: opts.tls ? { key: opts.tls.key, cert: opts.tls.cert, ca: opts.tls.ca } : undefined });
  const bind = opts.bindAddress ?? '127.0.0.1';
  await server.app.listen({ host: bind, port: opts.port ?? 0 });
  const port = (server.app.server.address() as AddressInfo).port;
  const scheme = opts.tls ? 'https' : 'http';
  if (!opts.tls) log.warn({ port }, 'no serving certificate given (--tls-cert-file): serving plain HTTP, for development and tests only');
  await retryBootstrap(server, port, opts.advertiseAddress ?? defaultAdvertiseAddress(bind), log);
  await opts.security?.bootstrap(server.ctx);
  bootstrapped = true;
  const host = bind === '0.0.0.0' ? '127.0.0.1' : bind.includes(':') ? `[${bind}]` : bind;
  log.info({ url: `${scheme}://${host}:${port}` }, 'API server listening');
  return {
    ...server,
    url: `${scheme}://${host}:${port}`,
    port,
    async stop() {
      // Ending the watch caches first ends every open watch response; fastify's close waits for them.
      // A request caught mid-way (listing while the caches stop) gets a short grace, then its connection is cut.
      await cached.stop();
      const cut = setTimeout(() => server.app.server.closeAllConnections(), 2000);
      await server.app.close();
      clearTimeout(cut);
      await opts.security?.stop();
      if (!opts.storage) await storage.close();
    },
  };
}
