/**
 * IngressServer is the node's ingress controller data path: HTTP listeners on the node's own
 * addresses (`--ingress-port`, 80 by default; not the wildcard address, which Services listening on
 * their cluster IPs at the same port would block) that route each request by Host and path (ingress-routes.ts)
 * straight to a ready endpoint of the chosen Service port — round-robin, as an nginx ingress
 * controller does, without a second hop through the cluster IP. WebSocket and other upgrades are
 * spliced through. No rule: 404; a Service without ready endpoints: 503; an endpoint that fails: 502.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../component-base/logger.ts';
import { Balancer, type Backend } from '../balancer.ts';
import type { ServicePort } from '../service-ports.ts';
import { matchRoute, servicePortFor, upstreamPath, type IngressRoute } from './ingress-routes.ts';

/** IngressServerOptions say on which port the controller listens. */
export interface IngressServerOptions {
  port: number;
  logger: Logger;
}

// Hop-by-hop headers are the proxy's own business, never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

export class IngressServer {
  readonly #o: IngressServerOptions;
  /** #servers are the listeners by address (bound or not yet). */
  readonly #servers = new Map<string, { server: http.Server; bound: boolean; warned: boolean }>();
  readonly #agent = new http.Agent({ keepAlive: true });
  #routes: IngressRoute[] = [];
  #ports: ServicePort[] = [];
  #balancers = new Map<string, Balancer>();

  constructor(o: IngressServerOptions) {
    this.#o = o;
  }

  /** update installs new routes and endpoints (called on every proxy sync). */
  update(routes: IngressRoute[], ports: ServicePort[]): void {
    this.#routes = routes;
    this.#ports = ports;
    const live = new Set(ports.map((p) => p.key));
    for (const key of this.#balancers.keys()) if (!live.has(key)) this.#balancers.delete(key);
    for (const p of ports) this.#balancers.get(p.key)?.setBackends(p.backends);
  }

  /**
   * listen makes sure there is a listener on each address (new ones bound, failed ones tried
   * again; a taken port is logged once per address) and resolves whether all are bound.
   */
  async listen(addresses: string[]): Promise<boolean> {
    let all = true;
    for (const address of addresses) {
      let entry = this.#servers.get(address);
      if (!entry) {
        const server = http.createServer((req, res) => this.#handle(req, res));
        server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head));
        this.#servers.set(address, (entry = { server, bound: false, warned: false }));
      }
      if (entry.bound) continue;
      const server = entry.server;
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(this.#o.port, address, () => (server.off('error', reject), resolve()));
        });
        entry.bound = true;
        this.#o.logger.info({ address: `${address}:${this.port(address)}` }, 'ingress listening');
      } catch (err) {
        all = false;
        if (!entry.warned) this.#o.logger.warn({ err, address, port: this.#o.port }, 'cannot listen for ingress traffic yet; will retry');
        entry.warned = true;
      }
    }
    return all;
  }

  /** port is the port bound on address (useful with port 0 in tests). */
  port(address: string): number {
    return (this.#servers.get(address)?.server.address() as net.AddressInfo | null)?.port ?? this.#o.port;
  }

  async close(): Promise<void> {
    this.#agent.destroy();
    await Promise.all([...this.#servers.values()].filter((e) => e.bound).map(({ server }) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }));
    this.#servers.clear();
  }

  /** #backendFor routes a request to an endpoint, or says which error status to answer. */
  #backendFor(req: http.IncomingMessage): { backend: Backend; path: string } | { status: number; text: string } {
    const route = matchRoute(this.#routes, req.headers.host ?? '', new URL(req.url ?? '/', 'http://x').pathname);
    if (!route) return { status: 404, text: 'default backend - 404\n' };
    const sp = servicePortFor(route, this.#ports);
    let balancer = sp && this.#balancers.get(sp.key);
    if (sp && !balancer) {
      balancer = new Balancer();
      balancer.setBackends(sp.backends);
      this.#balancers.set(sp.key, balancer);
    }
    const backend = balancer?.candidates(clientIp(req))[0];
    return backend ? { backend, path: upstreamPath(route, req.url ?? '/') } : { status: 503, text: `Service Unavailable: no ready endpoints for ${route.namespace}/${route.service}\n` };
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const to = this.#backendFor(req);
    if ('status' in to) return void res.writeHead(to.status, { 'content-type': 'text/plain' }).end(to.text);
    const upstream = http.request({ host: to.backend.ip, port: to.backend.port, method: req.method, path: to.path, headers: forwardedHeaders(req), agent: this.#agent }, (r) => {
      res.writeHead(r.statusCode ?? 502, stripHopByHop(r.headers));
      r.pipe(res);
    });
    upstream.on('error', (err) => {
      this.#o.logger.debug({ err, backend: to.backend }, 'ingress upstream failed');
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway\n');
      else res.destroy();
    });
    // A client that goes away mid-answer aborts the upstream request; a finished one leaves its socket to the pool.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  /** #upgrade splices an Upgrade request (WebSocket) onto a raw connection to the endpoint. */
  #upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const to = this.#backendFor(req);
    if ('status' in to) return void socket.end(`HTTP/1.1 ${to.status} ${http.STATUS_CODES[to.status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${to.text}`);
    const upstream = net.connect(to.backend.port, to.backend.ip, () => {
      const headers = { ...forwardedHeaders(req), connection: 'Upgrade', upgrade: req.headers.upgrade ?? '' };
      const lines = Object.entries(headers).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined).map((x) => `${k}: ${x}`));
      upstream.write(`${req.method} ${to.path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n'));
    socket.on('error', () => upstream.destroy());
  }
}

function clientIp(req: http.IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

function stripHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  return out;
}

/** forwardedHeaders are the request's end-to-end headers plus X-Forwarded-For/-Host/-Proto and X-Real-IP. */
function forwardedHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const ip = clientIp(req);
  const prior = req.headers['x-forwarded-for'];
  return {
    ...stripHopByHop(req.headers),
    'x-forwarded-for': prior ? `${prior}, ${ip}` : ip,
    'x-forwarded-host': req.headers.host ?? '',
    'x-forwarded-proto': 'http',
    'x-real-ip': ip,
  };
}
