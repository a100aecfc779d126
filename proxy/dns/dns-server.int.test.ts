import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Packet } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../component-base/logger.ts';
import { DnsServer } from './dns-server.ts';
import { fixtureEndpoints, fixtureServices, staticView } from './testing-view.ts';

let server: DnsServer;
let upstream: DnsServer;
let port: number;

function udpQuery(name: string, type: string): Promise<Packet> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => (socket.close(), reject(new Error('no DNS answer'))), 5000);
    socket.once('message', (msg) => (clearTimeout(timer), socket.close(), resolve(dnsPacket.decode(msg))));
    socket.send(dnsPacket.encode({ id: 7, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }), port, '127.0.0.1');
  });
}

function tcpQuery(name: string, type: string): Promise<Packet> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, Buffer.from(chunk)]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        socket.end();
        resolve(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    });
    socket.on('error', reject);
    const q = dnsPacket.encode({ id: 9, type: 'query', questions: [{ type, name }] });
    const framed = Buffer.alloc(q.length + 2);
    framed.writeUInt16BE(q.length, 0);
    q.copy(framed, 2);
    socket.write(framed);
  });
}

beforeAll(async () => {
  // A second DNS server stands in for the upstream resolver: it knows only "other.test".
  upstream = new DnsServer({ host: '127.0.0.1', port: 0, domain: 'other.test', view: staticView([], []), upstreams: [], logger: silentLogger() });
  const upstreamPort = await upstream.start();
  server = new DnsServer({
    host: '127.0.0.1', port: 0, domain: 'cluster.local', view: staticView(fixtureServices, fixtureEndpoints),
    upstreams: [`127.0.0.1:${upstreamPort}`], logger: silentLogger(),
  });
  port = await server.start();
});
afterAll(async () => {
  await server.stop();
  await upstream.stop();
});

describe('DnsServer over real sockets', () => {
  it('answers a service A record over UDP', async () => {
    const reply = await udpQuery('web.default.svc.cluster.local', 'A');
    expect(reply.id).toBe(7);
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers?.map((a) => a.data)).toEqual(['10.96.0.20']);
  });

  it('answers over TCP', async () => {
    const reply = await tcpQuery('db-0.db.prod.svc.cluster.local', 'A');
    expect(reply.answers?.map((a) => a.data)).toEqual(['10.244.1.5']);
  });

  it('says NXDOMAIN for a missing service', async () => {
    expect((await udpQuery('nope.default.svc.cluster.local', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('forwards names outside the cluster domain upstream', async () => {
    // The upstream is authoritative for other.test and answers NXDOMAIN for this name: proof it was asked.
    expect((await udpQuery('x.other.test', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('ignores garbage without crashing', async () => {
    const socket = dgram.createSocket('udp4');
    socket.send(Buffer.from('not dns'), port, '127.0.0.1', () => socket.close());
    expect((await udpQuery('web.default.svc.cluster.local', 'A')).rcode).toBe('NOERROR');
  });
});
