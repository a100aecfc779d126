import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer, type Packet } from 'dns-packet';
import type { Logger } from '../../component-base/logger.ts';
import { lookup, type DnsView } from './cluster-records.ts';

/** DnsServerOptions configure the cluster DNS. */
export interface DnsServerOptions {
  host: string;
  port: number;
  domain: string;
  view: DnsView;
  /** upstream resolvers ("ip" or "ip:port") for names outside the cluster domain. */
  upstreams: string[];
  logger: Logger;
  ttlSeconds?: number;
}

const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;

/**
 * DnsServer answers cluster names from the informer-backed view over UDP and TCP (RFC 1035
 * framing), and forwards everything else to the upstream resolvers.
 */
export class DnsServer {
  #options: DnsServerOptions;
  #udp?: dgram.Socket;
  #tcp?: net.Server;

  constructor(options: DnsServerOptions) {
    this.#options = options;
  }

  /** start binds UDP and TCP; resolves with the bound port. */
  async start(): Promise<number> {
    const udp = dgram.createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      void this.answer(msg).then((reply) => reply && udp.send(reply, rinfo.port, rinfo.address));
    });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.#options.port, this.#options.host, () => resolve());
    });
    this.#udp = udp;
    const port = udp.address().port;
    this.#tcp = net.createServer((socket) => this.#serveTcp(socket));
    await new Promise<void>((resolve, reject) => {
      this.#tcp!.once('error', reject);
      this.#tcp!.listen(port, this.#options.host, () => resolve());
    });
    return port;
  }

  /** stop closes both sockets. */
  async stop(): Promise<void> {
    this.#udp?.close();
    await new Promise<void>((resolve) => (this.#tcp ? this.#tcp.close(() => resolve()) : resolve()));
  }

  /** answer builds the wire reply to one query (undefined when the query cannot be parsed). */
  async answer(query: Buffer): Promise<Buffer | undefined> {
    let packet: Packet;
    try {
      packet = dnsPacket.decode(query);
    } catch {
      return undefined;
    }
    const question = packet.questions?.[0];
    if (!question) return reply(packet, SERVFAIL, []);
    const result = lookup(this.#options.view, this.#options.domain, question.name, question.type);
    if ('notCluster' in result) return this.#forward(query, packet);
    if ('nxdomain' in result) return reply(packet, NXDOMAIN, [], true);
    const ttl = this.#options.ttlSeconds ?? 5;
    const answers: Answer[] = result.records.map((r) => ({ ...r, ttl, class: 'IN' }));
    return reply(packet, NOERROR, answers, true);
  }

  async #forward(query: Buffer, packet: Packet): Promise<Buffer> {
    for (const upstream of this.#options.upstreams) {
      const [host, port] = upstream.split(':');
      try {
        return await udpExchange(query, host, Number(port ?? 53), 2000);
      } catch (err) {
        this.#options.logger.debug({ err, upstream }, 'upstream DNS failed');
      }
    }
    return reply(packet, SERVFAIL, []);
  }

  #serveTcp(socket: net.Socket): void {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, Buffer.from(chunk)]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        void this.answer(Buffer.from(message)).then((out) => {
          if (!out || socket.destroyed) return;
          const framed = Buffer.alloc(2 + out.length);
          framed.writeUInt16BE(out.length, 0);
          out.copy(framed, 2);
          socket.write(framed);
        });
      }
    });
  }
}

function reply(query: Packet, rcode: number, answers: Answer[], authoritative = false): Buffer {
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const flags = rd | dnsPacket.RECURSION_AVAILABLE | (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) | rcode;
  return dnsPacket.encode({ id: query.id, type: 'response', flags, questions: query.questions ?? [], answers });
}

function udpExchange(query: Buffer, host: string, port: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer from ${host}:${port}`));
    }, timeoutMs);
    socket.once('message', (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    socket.send(query, port, host);
  });
}
