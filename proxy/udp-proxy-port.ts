import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from '../component-base/logger.ts';
import { backendKey, type Backend, type Balancer } from './balancer.ts';
import { proxyMetrics } from './metrics.ts';

/** UdpProxyPortOptions configure one UDP address of a service port. */
export interface UdpProxyPortOptions {
  /** name labels logs and metrics, e.g. "default/syslog:udp". */
  name: string;
  host: string;
  port: number;
  balancer: Balancer;
  logger: Logger;
  /** idleTimeoutMs ends a client's session after this long without a datagram either way (default 30 s). */
  idleTimeoutMs?: number;
}

interface Session {
  backend: Backend;
  upstream: dgram.Socket;
  timer: NodeJS.Timeout;
}

/**
 * UdpProxyPort relays datagrams for one UDP service address, as Kubernetes' userspace proxy did:
 * each client address (ip:port) gets a session — its own socket to a backend the Balancer chose —
 * so a client's datagrams all reach one backend and the replies come back to it from the service
 * address. A session idle for idleTimeoutMs, or whose backend left the endpoints, is closed; the
 * client's next datagram starts a new one. A service without endpoints drops datagrams.
 */
export class UdpProxyPort {
  readonly options: UdpProxyPortOptions;
  #socket: dgram.Socket;
  #sessions = new Map<string, Session>();

  constructor(options: UdpProxyPortOptions) {
    this.options = options;
    this.#socket = dgram.createSocket({ type: net.isIPv6(options.host) ? 'udp6' : 'udp4' });
    this.#socket.on('message', (msg, from) => this.#relay(msg, from));
    this.#socket.on('error', (err) => options.logger.warn({ err, service: options.name }, 'udp listener error'));
  }

  /** listen binds the address; rejects with the socket error (e.g. EADDRINUSE). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#socket.once('error', reject);
      this.#socket.bind({ address: this.options.host, port: this.options.port, exclusive: true }, () => {
        this.#socket.off('error', reject);
        resolve(this.#socket.address().port);
      });
    });
  }

  /** activeConnections counts open client sessions. */
  activeConnections(): number {
    return this.#sessions.size;
  }

  /** drainRemoved ends the sessions of backends no longer in the balancer (datagrams have nothing to finish). */
  drainRemoved(_graceMs: number): void {
    for (const [client, s] of this.#sessions) if (!this.options.balancer.has(backendKey(s.backend))) this.#end(client);
  }

  /** close stops listening and ends every session. */
  async close(_graceMs = 0): Promise<void> {
    for (const client of [...this.#sessions.keys()]) this.#end(client);
    await new Promise<void>((resolve) => {
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve(); // never bound, or closed already
      }
    });
  }

  #relay(msg: Buffer, from: dgram.RemoteInfo): void {
    const client = `${from.address}:${from.port}`;
    const s = this.#sessions.get(client) ?? this.#open(client, from);
    if (!s) return;
    s.timer.refresh();
    proxyMetrics.bytes.inc({ service: this.options.name, direction: 'in' }, msg.length);
    s.upstream.send(msg, s.backend.port, s.backend.ip);
  }

  #open(client: string, from: dgram.RemoteInfo): Session | undefined {
    const name = this.options.name;
    const backend = this.options.balancer.candidates(from.address)[0];
    if (!backend) {
      proxyMetrics.connections.inc({ service: name, result: 'no_endpoints' });
      return undefined;
    }
    const upstream = dgram.createSocket({ type: net.isIPv6(backend.ip) ? 'udp6' : 'udp4' });
    upstream.on('message', (reply, sender) => {
      // Only the backend's answers go back; anything else reaching this port is not ours to relay.
      if (sender.port !== backend.port || sender.address !== backend.ip) return;
      this.#sessions.get(client)?.timer.refresh();
      proxyMetrics.bytes.inc({ service: name, direction: 'out' }, reply.length);
      this.#socket.send(reply, from.port, from.address);
    });
    // A refused or unreachable backend is reported on the socket: end the session, the next datagram picks again.
    upstream.on('error', () => this.#end(client));
    const timer = setTimeout(() => this.#end(client), this.options.idleTimeoutMs ?? 30_000);
    timer.unref();
    const s: Session = { backend, upstream, timer };
    this.#sessions.set(client, s);
    this.options.balancer.connected(from.address, backend);
    proxyMetrics.connections.inc({ service: name, result: 'ok' });
    proxyMetrics.active.inc({ service: name });
    return s;
  }

  #end(client: string): void {
    const s = this.#sessions.get(client);
    if (!s) return;
    this.#sessions.delete(client);
    clearTimeout(s.timer);
    s.upstream.close();
    proxyMetrics.active.dec({ service: this.options.name });
  }
}
