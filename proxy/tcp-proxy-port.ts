import net from 'node:net';
import type { Logger } from '../component-base/logger.ts';
import { Balancer, backendKey, type Backend } from './balancer.ts';
import { proxyMetrics } from './metrics.ts';

/** TcpProxyPortOptions configure one listening address of a service port. */
export interface TcpProxyPortOptions {
  /** name labels logs and metrics, e.g. "default/web:http". */
  name: string;
  host: string;
  port: number;
  balancer: Balancer;
  logger: Logger;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** buffer is the upstream's read buffer (relayTo), handed back once both sockets are closed. */
  buffer: Buffer;
}

/**
 * TcpProxyPort listens on one address (clusterIP:port or 0.0.0.0:nodePort) and forwards each
 * connection to a backend chosen by its Balancer, trying the next backend when a connect fails.
 * Back-pressure holds both ways, so nothing is buffered without bound; half-close is passed
 * through (allowHalfOpen on both sides).
 */
export class TcpProxyPort {
  readonly options: TcpProxyPortOptions;
  #server: net.Server;
  #byBackend = new Map<string, Set<Pair>>();

  constructor(options: TcpProxyPortOptions) {
    this.options = options;
    this.#server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (client) => this.#accept(client));
  }

  /** listen binds the address; rejects with the socket error (e.g. EADDRINUSE). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ host: this.options.host, port: this.options.port, exclusive: true }, () => {
        this.#server.off('error', reject);
        resolve((this.#server.address() as net.AddressInfo).port);
      });
    });
  }

  /** activeConnections counts proxied connections, open or still connecting to their backend. */
  activeConnections(): number {
    let n = 0;
    for (const set of this.#byBackend.values()) n += set.size;
    return n;
  }

  /**
   * drainRemoved ends connections to backends no longer in the balancer after graceMs: new
   * connections already avoid them, established ones get time to finish.
   */
  drainRemoved(graceMs: number): void {
    const { balancer } = this.options;
    for (const [key, pairs] of this.#byBackend) {
      if (balancer.has(key)) continue;
      const timer = setTimeout(() => {
        // Back in the balancer within the grace period: its connections stay, as new ones would.
        if (balancer.has(key)) return;
        pairs.forEach((p) => destroyPair(p));
      }, graceMs);
      timer.unref();
    }
  }

  /** close stops accepting, gives open connections graceMs to finish, then destroys them. */
  async close(graceMs = 0): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (graceMs > 0 && this.activeConnections() > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        const poll = setInterval(() => this.activeConnections() === 0 && (clearInterval(poll), clearTimeout(timer), resolve()), 50);
        timer.unref();
      });
    }
    for (const pairs of this.#byBackend.values()) pairs.forEach((p) => destroyPair(p));
    await closed;
  }

  #accept(client: net.Socket): void {
    const clientIp = (client.remoteAddress ?? '').replace(/^::ffff:/, '');
    const candidates = this.options.balancer.candidates(clientIp);
    client.on('error', () => client.destroy());
    if (candidates.length === 0) {
      proxyMetrics.connections.inc({ service: this.options.name, result: 'no_endpoints' });
      client.resetAndDestroy();
      return;
    }
    this.#tryConnect(client, clientIp, candidates, 0);
  }

  #tryConnect(client: net.Socket, clientIp: string, candidates: Backend[], index: number): void {
    if (index >= candidates.length || client.destroyed) {
      proxyMetrics.connections.inc({ service: this.options.name, result: 'all_failed' });
      if (!client.destroyed) client.resetAndDestroy();
      return;
    }
    const backend = candidates[index];
    const key = backendKey(backend);
    // A retry goes on down the list taken at accept; skip backends removed since then.
    if (index > 0 && !this.options.balancer.has(key)) return this.#tryConnect(client, clientIp, candidates, index + 1);
    // noDelay on both legs: the proxy forwards what it reads at once; Nagle would hold a small
    // response segment back until the previous one is acknowledged.
    const buffer = relayBuffers.lend();
    const upstream: net.Socket = net.connect({ host: backend.ip, port: backend.port, allowHalfOpen: true, noDelay: true, onread: relayTo(client, buffer, () => upstream) });
    // Tracked from the first SYN, so close() and drainRemoved() also end connections still
    // connecting: one that completed afterwards would otherwise outlive its port or backend.
    const pair: Pair = { client, upstream, buffer };
    this.#track(key, pair);
    let settled = false;
    // settle ends the connecting phase once: failed (try the next backend), connected, or destroyed.
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      upstream.off('timeout', onConnectTimeout);
      return true;
    };
    const onConnectTimeout = () => upstream.destroy(new Error('connect timeout'));
    upstream.setTimeout(this.options.connectTimeoutMs ?? 3000, onConnectTimeout);
    upstream.once('error', (err) => {
      if (!settle()) return;
      this.#untrack(key, pair);
      relayBuffers.giveBack(buffer);
      proxyMetrics.connectErrors.inc({ service: this.options.name });
      this.options.logger.debug({ err, backend: key, service: this.options.name }, 'endpoint connect failed, trying next');
      this.#tryConnect(client, clientIp, candidates, index + 1);
    });
    // Destroyed while connecting (close(), drainRemoved(), the client gone): nothing to try next.
    upstream.once('close', () => {
      if (!settle()) return;
      this.#untrack(key, pair);
      relayBuffers.giveBack(buffer);
      client.destroy();
    });
    upstream.once('connect', () => {
      if (client.destroyed) return void upstream.destroy();
      if (!settle()) return;
      this.options.balancer.connected(clientIp, backend);
      this.#splice(pair, key);
    });
  }

  #track(key: string, pair: Pair): void {
    const pairs = this.#byBackend.get(key) ?? new Set<Pair>();
    this.#byBackend.set(key, pairs.add(pair));
  }

  #untrack(key: string, pair: Pair): void {
    const pairs = this.#byBackend.get(key);
    if (!pairs?.delete(pair)) return;
    if (pairs.size === 0) this.#byBackend.delete(key);
  }

  #splice(pair: Pair, key: string): void {
    const { client, upstream } = pair;
    const name = this.options.name;
    const idle = this.options.idleTimeoutMs ?? 0;
    upstream.setTimeout(idle);
    client.setTimeout(idle);
    proxyMetrics.connections.inc({ service: name, result: 'ok' });
    proxyMetrics.active.inc({ service: name });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.#untrack(key, pair);
      proxyMetrics.active.dec({ service: name });
      // Both sockets are closed: no write can still point into the buffer.
      relayBuffers.giveBack(pair.buffer);
      proxyMetrics.bytes.inc({ service: name, direction: 'in' }, client.bytesRead);
      proxyMetrics.bytes.inc({ service: name, direction: 'out' }, upstream.bytesRead);
    };
    for (const [side, other] of [[client, upstream], [upstream, client]] as const) {
      side.on('error', () => destroyPair(pair));
      side.on('timeout', () => destroyPair(pair));
      side.on('close', (hadError) => {
        // An abort on one side aborts the other; a clean close lets the other side flush and end.
        if (hadError) other.destroy();
        else if (!other.writableEnded) other.end();
        if (client.destroyed && upstream.destroyed) finish();
      });
    }
    // upstream → client is relayed by the onread callback (relayTo); its end is passed on here.
    upstream.on('end', () => client.end());
    client.pipe(upstream);
    client.resume();
  }
}

/**
 * relayBuffers lends upstream read buffers, one per connection for as long as it is open (as
 * Go's io.Copy in docker-proxy and kube-proxy's old userspace mode holds 32 KiB per direction).
 * Allocating one per new connection cost the proxy ≈ 40 µs more CPU than Node's own reads
 * (external memory drives V8's GC), so buffers of closed connections are reused, at most
 * maxIdle kept while nobody needs them.
 */
const relayBuffers = {
  /** bytes: bulk throughput measured the same with 32 and 64 KiB; 32 halves what an idle connection holds. */
  bytes: 32 * 1024,
  maxIdle: 32,
  idle: [] as Buffer[],
  lend(): Buffer {
    return this.idle.pop() ?? Buffer.allocUnsafe(this.bytes);
  },
  giveBack(buffer: Buffer): void {
    if (this.idle.length < this.maxIdle) this.idle.push(buffer);
  },
};

/**
 * relayTo returns the `onread` option that makes an upstream socket read into `buffer`, its own
 * while the connection lasts, and write each read straight to the client. Node otherwise
 * allocates a fresh buffer for every read and sends it through the stream machinery: with this,
 * a bulk download costs the proxy about half the CPU (bench/proxy/proxy-bench.ts). The buffer is
 * reused for the next read, so while a write to the client is not done (it still points into
 * the buffer) reading pauses — which is also the back-pressure. Reading resumes from the write's
 * callback, not on 'drain': Node emits 'drain' only after a write() that returned false (64 KiB
 * or more queued), so a smaller partial write would never see one.
 */
function relayTo(client: net.Socket, buffer: Buffer, upstream: () => net.Socket): net.OnReadOpts {
  let paused = false;
  // Called when a write is done; a write that finished at once reports a tick later, when a
  // newer one may be pending — hence the writableLength check.
  const written = (err?: Error | null) => {
    if (err || !paused || client.writableLength > 0) return;
    paused = false;
    upstream().resume();
  };
  return {
    buffer,
    callback(bytes: number, filled: Uint8Array): boolean {
      if (client.destroyed) return false;
      client.write(filled.subarray(0, bytes), written);
      if (client.writableLength === 0) return true;
      paused = true;
      return false;
    },
  };
}

function destroyPair(pair: Pair): void {
  pair.client.destroy();
  pair.upstream.destroy();
}
