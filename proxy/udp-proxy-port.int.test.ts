import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../component-base/logger.ts';
import { Balancer } from './balancer.ts';
import { proxyMetrics } from './metrics.ts';
import { UdpProxyPort } from './udp-proxy-port.ts';
import { startUdpNameServer, udpClient, type UdpTestBackend, type UdpTestClient } from './testing/udp-backends.ts';
import { waitFor } from '../testing/wait.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function backends(...names: string[]): Promise<UdpTestBackend[]> {
  const started = await Promise.all(names.map(startUdpNameServer));
  started.forEach((b) => cleanups.push(b.close));
  return started;
}

async function client(): Promise<UdpTestClient> {
  const c = await udpClient();
  cleanups.push(c.close);
  return c;
}

async function proxyFor(balancer: Balancer, name: string, idleTimeoutMs?: number): Promise<{ port: number; proxy: UdpProxyPort }> {
  const proxy = new UdpProxyPort({ name, host: '127.0.0.1', port: 0, balancer, logger: silentLogger(), idleTimeoutMs });
  const port = await proxy.listen();
  cleanups.push(() => proxy.close());
  return { port, proxy };
}

const local = (b: UdpTestBackend) => ({ ip: '127.0.0.1', port: b.port });

describe('UdpProxyPort (real sockets on loopback)', () => {
  it('keeps a client on one backend, answers from the service address, and spreads clients', async () => {
    const bs = await backends('a', 'b');
    const balancer = new Balancer();
    balancer.setBackends(bs.map(local));
    const { port, proxy } = await proxyFor(balancer, 'test/udp:spread');
    const [one, two] = [await client(), await client()];
    const first = await one.ask('127.0.0.1', port, 'x');
    expect(first.from).toBe(`127.0.0.1:${port}`);
    const backend = first.text.split(':')[0];
    for (let i = 0; i < 5; i++) expect((await one.ask('127.0.0.1', port, `m${i}`)).text).toBe(`${backend}:m${i}`);
    const other = (await two.ask('127.0.0.1', port, 'y')).text;
    expect(other).toBe(`${backend === 'a' ? 'b' : 'a'}:y`);
    expect(proxy.activeConnections()).toBe(2);
  });

  it('ends an idle session, and a session whose backend left; the next datagram goes to a ready backend', async () => {
    const [a, b] = await backends('a', 'b');
    const balancer = new Balancer();
    balancer.setBackends([local(a)]);
    const { port, proxy } = await proxyFor(balancer, 'test/udp:idle', 200);
    const c = await client();
    expect((await c.ask('127.0.0.1', port, 'x')).text).toBe('a:x');
    await waitFor('the idle session to end', async () => ({ ok: proxy.activeConnections() === 0, seen: proxy.activeConnections() }), { timeoutMs: 10_000, intervalMs: 50 });
    expect((await c.ask('127.0.0.1', port, 'y')).text).toBe('a:y');
    balancer.setBackends([local(b)]);
    proxy.drainRemoved(0);
    expect(proxy.activeConnections()).toBe(0);
    expect((await c.ask('127.0.0.1', port, 'z')).text).toBe('b:z');
  });

  it('pins a client IP with ClientIP affinity across its client ports', async () => {
    const bs = await backends('a', 'b', 'c');
    const balancer = new Balancer({ timeoutMs: 60_000 });
    balancer.setBackends(bs.map(local));
    const { port } = await proxyFor(balancer, 'test/udp:affinity');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await (await client()).ask('127.0.0.1', port, 'x')).text);
    expect(new Set(answers).size).toBe(1);
  });

  it('drops datagrams of a service without endpoints, counting them', async () => {
    const balancer = new Balancer();
    const { port } = await proxyFor(balancer, 'test/udp:none');
    const dropped = async () => (await proxyMetrics.connections.get()).values.find((v) => v.labels.service === 'test/udp:none' && v.labels.result === 'no_endpoints')?.value ?? 0;
    const c = await client();
    const answer = c.ask('127.0.0.1', port, 'x', 300);
    await waitFor('the datagram to be counted as dropped', async () => ({ ok: (await dropped()) >= 1, seen: await dropped() }), { timeoutMs: 10_000, intervalMs: 20 });
    expect((await answer).text).toBe('');
  });
});
