import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { once } from 'node:events';
import { waitFor } from '../testing/wait.ts';
import { silentLogger } from '../component-base/logger.ts';
import { Balancer } from './balancer.ts';
import { TcpProxyPort } from './tcp-proxy-port.ts';
import { freePort, request, startNameServer, startStalledBackend, type TestBackend } from './testing/backends.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function backends(...names: string[]): Promise<TestBackend[]> {
  const started = await Promise.all(names.map(startNameServer));
  started.forEach((b) => cleanups.push(b.close));
  return started;
}

async function proxyFor(balancer: Balancer): Promise<{ port: number; proxy: TcpProxyPort }> {
  const proxy = new TcpProxyPort({ name: 'test/svc:http', host: '127.0.0.1', port: 0, balancer, logger: silentLogger() });
  const port = await proxy.listen();
  cleanups.push(() => proxy.close());
  return { port, proxy };
}

const local = (b: TestBackend) => ({ ip: '127.0.0.1', port: b.port });

/** pausedClientThrough starts a raw TCP backend, a proxy in front of it, and a connected client that is not reading yet. */
async function pausedClientThrough(serve: (socket: net.Socket) => void): Promise<net.Socket> {
  const backend = net.createServer(serve);
  backend.listen(0, '127.0.0.1');
  await once(backend, 'listening');
  cleanups.push(() => new Promise((resolve) => backend.close(() => resolve())));
  const balancer = new Balancer();
  balancer.setBackends([{ ip: '127.0.0.1', port: (backend.address() as net.AddressInfo).port }]);
  const { port } = await proxyFor(balancer);
  const client = net.connect({ host: '127.0.0.1', port });
  client.pause();
  cleanups.push(async () => void client.destroy());
  return client;
}

describe('TcpProxyPort (real sockets on loopback)', () => {
  it('spreads connections evenly over 3 backends and passes half-close through', async () => {
    const bs = await backends('a', 'b', 'c');
    const balancer = new Balancer();
    balancer.setBackends(bs.map(local));
    const { port } = await proxyFor(balancer);
    const replies = [];
    for (let i = 0; i < 30; i++) replies.push(await request('127.0.0.1', port, 'x'.repeat(100)));
    const counts = Object.groupBy(replies, (r) => r);
    expect(counts).toEqual({ 'a:100': expect.any(Array), 'b:100': expect.any(Array), 'c:100': expect.any(Array) });
    expect(Object.values(counts).map((v) => v!.length)).toEqual([10, 10, 10]);
  });

  it('relays a large download intact and holds the backend back while the client does not read', async () => {
    // More than every socket buffer on the way can hold, so only back-pressure keeps the backend waiting.
    const payload = randomBytes(64 * 1024 * 1024);
    let backendSocket: net.Socket | undefined;
    const client = await pausedClientThrough((socket) => {
      backendSocket = socket;
      socket.end(payload);
    });
    // The client reads nothing: the backend's send must stall with data left, not drain into the proxy.
    let previous = -1;
    let unchanged = 0;
    await waitFor('the backend to stall while the client does not read', async () => {
      const left = backendSocket?.writableLength ?? -1;
      unchanged = left > 0 && left === previous ? unchanged + 1 : 0;
      previous = left;
      return { ok: unchanged >= 5, seen: { bytesLeftAtBackend: left } };
    }, { timeoutMs: 30_000, intervalMs: 100 });

    const hash = createHash('sha256');
    let received = 0;
    client.on('data', (d: Buffer) => {
      hash.update(d);
      received += d.length;
    });
    client.resume();
    await once(client, 'end');
    expect(received).toBe(payload.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
  });

  it('relays a stream of small writes to a client that stops reading for a while, to the end', async () => {
    // Small reads leave partial writes below Node's high-water mark, which never emit 'drain'.
    const chunk = randomBytes(4096);
    const chunks = 4096;
    let backendWaiting = false;
    const client = await pausedClientThrough(async (socket) => {
      for (let i = 0; i < chunks; i++) {
        // One chunk per event-loop turn, so the proxy reads them one by one.
        await new Promise((resolve) => setImmediate(resolve));
        if (socket.write(chunk)) continue;
        backendWaiting = true;
        await once(socket, 'drain');
      }
      socket.end();
    });
    await waitFor('the backend to wait for drain', async () => ({ ok: backendWaiting }), { timeoutMs: 30_000, intervalMs: 50 });
    let received = 0;
    client.on('data', (d: Buffer) => (received += d.length));
    client.resume();
    await waitFor('every byte and the end to arrive', async () => ({ ok: client.readableEnded, seen: { received, of: chunk.length * chunks } }), { timeoutMs: 30_000, intervalMs: 50 });
    expect(received).toBe(chunk.length * chunks);
  });

  it('skips a backend that refuses without the client seeing an error', async () => {
    const [a] = await backends('a');
    const balancer = new Balancer();
    balancer.setBackends([{ ip: '127.0.0.1', port: await freePort() }, local(a)]);
    const { port } = await proxyFor(balancer);
    const replies = await Promise.all(Array.from({ length: 6 }, () => request('127.0.0.1', port)));
    expect(replies).toEqual(Array(6).fill('a:5'));
  });

  it('pins a client to one backend with ClientIP affinity', async () => {
    const bs = await backends('a', 'b', 'c');
    const balancer = new Balancer({ timeoutMs: 60_000 });
    balancer.setBackends(bs.map(local));
    const { port } = await proxyFor(balancer);
    const fromOne = [];
    for (let i = 0; i < 6; i++) fromOne.push(await request('127.0.0.1', port, 'x', '127.0.0.2'));
    expect(new Set(fromOne).size).toBe(1);
  });

  it('sends no new connection to a backend removed from the ready set', async () => {
    const [a, b] = await backends('a', 'b');
    const balancer = new Balancer();
    balancer.setBackends([local(a), local(b)]);
    const { port, proxy } = await proxyFor(balancer);
    balancer.setBackends([local(b)]);
    proxy.drainRemoved(1000);
    const replies = await Promise.all(Array.from({ length: 5 }, () => request('127.0.0.1', port)));
    expect(replies).toEqual(Array(5).fill('b:5'));
  });

  /** connectingClient starts a client whose proxied connection hangs connecting to a stalled backend. */
  async function connectingClient(): Promise<{ client: net.Socket; proxy: TcpProxyPort; balancer: Balancer }> {
    const stalled = await startStalledBackend();
    cleanups.push(stalled.close);
    const balancer = new Balancer();
    balancer.setBackends([{ ip: '127.0.0.1', port: stalled.port }]);
    const proxy = new TcpProxyPort({ name: 'test/svc:http', host: '127.0.0.1', port: 0, balancer, logger: silentLogger(), connectTimeoutMs: 120_000 });
    const port = await proxy.listen();
    cleanups.push(() => proxy.close());
    const client = net.connect({ host: '127.0.0.1', port });
    client.on('error', () => {});
    cleanups.push(async () => void client.destroy());
    await waitFor('the proxied connection to be connecting', async () => ({ ok: proxy.activeConnections() === 1, seen: proxy.activeConnections() }), { timeoutMs: 10_000, intervalMs: 20 });
    return { client, proxy, balancer };
  }

  it('ends a connection still connecting to its backend when the port closes', async () => {
    const { client, proxy } = await connectingClient();
    await proxy.close();
    await waitFor('the client to be closed', async () => ({ ok: client.closed, seen: { closed: client.closed, active: proxy.activeConnections() } }), { timeoutMs: 10_000, intervalMs: 20 });
    expect(proxy.activeConnections()).toBe(0);
  });

  it('ends a connection still connecting to a backend that was removed once the grace period is over', async () => {
    const { client, proxy, balancer } = await connectingClient();
    balancer.setBackends([]);
    proxy.drainRemoved(0);
    await waitFor('the client to be closed', async () => ({ ok: client.closed, seen: { closed: client.closed, active: proxy.activeConnections() } }), { timeoutMs: 10_000, intervalMs: 20 });
    expect(proxy.activeConnections()).toBe(0);
  });

  it('resets the connection when the service has no ready endpoints', async () => {
    const { port } = await proxyFor(new Balancer());
    expect(await request('127.0.0.1', port)).toBe('');
  });
});
