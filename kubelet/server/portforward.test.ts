/**
 * The kubelet's /portForward against a TCP echo server on loopback (a stand-in pod whose IP is
 * 127.0.0.1): the WebSocket channel protocol, the SPDY tunnel over WebSocket and raw
 * `Upgrade: SPDY/3.1`, each with a refused port.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../component-base/logger.ts';
import type { Pod } from '../api-types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { portPrefix, portsOf } from './portforward-ws.ts';
import { startKubeletServer, type KubeletServer } from './server.ts';
import { decodeHeaderBlock, encodeControl, encodeData, encodeHeaderBlock, FlagFin, FrameParser, FrameType, type Frame } from './spdy/frames.ts';
import { HeaderCodec } from './spdy/header-codec.ts';

let echo: net.Server;
let echoPort: number;
let closedPort: number;
let server: KubeletServer;
const pod = { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Running', podIP: '127.0.0.1' } } as unknown as Pod;

function listen(s: net.Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port)));
}

beforeAll(async () => {
  echo = net.createServer((c) => c.on('data', (d) => c.write(`echo:${d}`)));
  echoPort = await listen(echo);
  const probe = net.createServer();
  closedPort = await listen(probe);
  await new Promise((r) => probe.close(r));
  server = await startKubeletServer('127.0.0.1', 0, {
    runtime: {} as ContainerRuntime, log: silentLogger(), listPods: () => [pod], healthz: () => '',
    findPod: (ns, name) => (ns === 'default' && name === 'web' ? pod : undefined),
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise((r) => echo?.close(r));
});

/** until resolves when check() holds, polling with a deadline. */
async function until<T>(check: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('channel protocol helpers', () => {
  it.each([
    ['80', [80]], ['80,443', [80, 443]], ['8080, 9090', [8080, 9090]],
  ])('reads ports=%s', (q, want) => expect(portsOf(new URLSearchParams({ ports: q }))).toEqual(want));
  it('refuses a bad port', () => expect(() => portsOf(new URLSearchParams({ ports: '0' }))).toThrow(/invalid port/));
  it('prefixes a channel with its port, little-endian', () => expect([...portPrefix(3, 0x1f90)]).toEqual([3, 0x90, 0x1f]));
});

describe('kubelet port-forward over the WebSocket channel protocol', () => {
  function open(ports: string): { ws: WebSocket; msgs: Buffer[] } {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/portForward/default/web?ports=${ports}`, ['v4.channel.k8s.io']);
    const msgs: Buffer[] = [];
    ws.on('message', (m: Buffer) => msgs.push(m));
    return { ws, msgs };
  }

  it('sends each channel its port first, then pipes bytes both ways', async () => {
    const { ws, msgs } = open(String(echoPort));
    await new Promise((r) => ws.once('open', r));
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('ping')]));
    await until(() => (msgs.length >= 3 ? true : undefined), 'echo');
    expect(msgs[0]).toEqual(portPrefix(0, echoPort));
    expect(msgs[1]).toEqual(portPrefix(1, echoPort));
    expect(msgs[2].toString('latin1')).toBe('\0echo:ping');
    ws.close();
  });

  it('reports a refused port on the error channel and closes', async () => {
    const { ws, msgs } = open(String(closedPort));
    const closed = new Promise((r) => ws.once('close', r));
    await closed;
    const err = msgs.find((m) => m[0] === 1 && m.length > 3);
    expect(err?.subarray(1).toString()).toMatch(new RegExp(`error forwarding port ${closedPort} to pod default/web, uid u1: .*connection refused`));
  });

  it('answers an unknown pod with 404 before upgrading', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/portForward/default/nope?ports=80`, ['v4.channel.k8s.io']);
    const code = await new Promise<number>((r) => ws.on('unexpected-response', (q, res) => {
      q.destroy();
      r(res.statusCode ?? 0);
    }));
    expect(code).toBe(404);
  });
});

/** SpdyClient is a minimal SPDY/3.1 client, as kubectl's spdystream behaves. */
class SpdyClient {
  private readonly codec = new HeaderCodec();
  private readonly parser = new FrameParser();
  private nextId = 1;
  private chain: Promise<void> = Promise.resolve();
  readonly frames: Array<Frame & { headers?: Record<string, string> }> = [];
  private readonly write: (b: Buffer) => void;

  constructor(write: (b: Buffer) => void) {
    this.write = write;
  }

  receive(b: Buffer): void {
    for (const f of this.parser.push(b)) {
      this.chain = this.chain.then(async () => {
        if (f.control && f.type === FrameType.synReply) this.frames.push({ ...f, headers: decodeHeaderBlock(await this.codec.inflate(f.payload.subarray(4))) });
        else this.frames.push(f);
      });
    }
  }

  async open(headers: Record<string, string>): Promise<number> {
    const id = this.nextId;
    this.nextId += 2;
    const head = Buffer.alloc(10);
    head.writeUInt32BE(id, 0);
    this.write(encodeControl(FrameType.synStream, 0, Buffer.concat([head, await this.codec.deflate(encodeHeaderBlock(headers))])));
    return id;
  }

  data(id: number, s: string, fin = false): void {
    this.write(encodeData(id, fin ? FlagFin : 0, Buffer.from(s)));
  }

  /** received is the text sent on a stream so far and whether it ended. */
  received(id: number): { text: string; fin: boolean } {
    const own = this.frames.filter((f): f is Extract<Frame, { control: false }> => !f.control && f.streamId === id);
    return { text: own.map((f) => f.data.toString()).join(''), fin: own.some((f) => f.flags & FlagFin) };
  }

  replied(id: number): boolean {
    return this.frames.some((f) => f.control && f.type === FrameType.synReply && f.payload.readUInt32BE(0) === id);
  }

  close(): void {
    this.codec.close();
  }
}

/** rawWebSocket opens a client WebSocket by hand: masked binary frames out, unmasked frames in. */
async function rawWebSocket(port: number, path: string, protocol: string): Promise<{ head: string; send(b: Buffer): void; onMessage(cb: (m: Buffer) => void): void; close(): void }> {
  const sock = net.connect({ host: '127.0.0.1', port });
  await new Promise((r) => sock.once('connect', r));
  sock.write([`GET ${path} HTTP/1.1`, 'Host: x', 'Connection: Upgrade', 'Upgrade: websocket', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Protocol: ${protocol}`, '', ''].join('\r\n'));
  let buf = Buffer.alloc(0);
  let head = '';
  let cb: (m: Buffer) => void = () => {};
  const pump = () => {
    for (;;) {
      if (buf.length < 2) return;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
      if (buf.length < off + len) return;
      if ((buf[0] & 0x0f) === 2) cb(buf.subarray(off, off + len));
      buf = buf.subarray(off + len);
    }
  };
  await new Promise<void>((resolve, reject) => {
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        head = buf.subarray(0, end + 4).toString('latin1');
        buf = buf.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head));
        resolve();
      }
      pump();
    });
  });
  return {
    head,
    send(b) {
      const mask = randomBytes(4);
      const len = b.length < 126 ? Buffer.from([0x80 | b.length]) : Buffer.from([0x80 | 126, b.length >> 8, b.length & 0xff]);
      sock.write(Buffer.concat([Buffer.from([0x82]), len, mask, Buffer.from(b.map((x, i) => x ^ mask[i % 4]))]));
    },
    onMessage(f) { cb = f; pump(); },
    close() { sock.destroy(); },
  };
}

async function exercise(c: SpdyClient): Promise<void> {
  const err1 = await c.open({ streamtype: 'error', port: String(echoPort), requestid: '0' });
  const data1 = await c.open({ streamtype: 'data', port: String(echoPort), requestid: '0' });
  const err2 = await c.open({ streamtype: 'error', port: String(closedPort), requestid: '1' });
  const data2 = await c.open({ streamtype: 'data', port: String(closedPort), requestid: '1' });
  c.data(err1, '', true);
  c.data(data1, 'hello');
  await until(() => (c.received(data1).text === 'echo:hello' ? true : undefined), 'echo through SPDY');
  expect(c.replied(err1) && c.replied(data1)).toBe(true);
  // Our FIN half-closes towards the pod; the echo server then closes and both streams end.
  c.data(data1, '', true);
  await until(() => (c.received(data1).fin && c.received(err1).fin ? true : undefined), 'FIN on both streams');
  expect(c.received(err1).text).toBe('');
  const refused = await until(() => (c.received(err2).fin ? c.received(err2) : undefined), 'error stream of the refused port');
  expect(refused.text).toMatch(new RegExp(`error forwarding port ${closedPort} to pod default/web.*connection refused`));
  expect(c.received(data2).fin).toBe(true);
}

describe('kubelet port-forward over SPDY', () => {
  it('serves the SPDY tunnel over WebSocket (SPDY/3.1+portforward.k8s.io)', async () => {
    // ws refuses this subprotocol (not an RFC 6455 token) as a client too: speak WebSocket by hand, as gorilla does.
    const t = await rawWebSocket(server.port, '/portForward/default/web', 'SPDY/3.1+portforward.k8s.io');
    const c = new SpdyClient((b) => t.send(b));
    t.onMessage((m) => c.receive(m));
    try {
      expect(t.head).toMatch(/\r\nSec-WebSocket-Protocol: SPDY\/3.1\+portforward.k8s.io\r\n/i);
      await exercise(c);
    } finally {
      t.close();
      c.close();
    }
  });

  it('serves Upgrade: SPDY/3.1 on a raw socket, echoing pings', async () => {
    const { sock, c, head } = await rawSpdy();
    try {
      expect(head()).toMatch(/^HTTP\/1.1 101[\s\S]*X-Stream-Protocol-Version: portforward.k8s.io/);
      await exercise(c);
      const ping = Buffer.alloc(4);
      ping.writeUInt32BE(7);
      sock.write(encodeControl(FrameType.ping, 0, ping));
      await until(() => (c.frames.some((f) => f.control && f.type === FrameType.ping) ? true : undefined), 'ping echo');
    } finally {
      sock.destroy();
      c.close();
    }
  });

  it('closes the connections to the pod when a raw SPDY client goes away with a FIN', async () => {
    const before = await openEchoConnections();
    const { sock, c } = await rawSpdy();
    try {
      const err = await c.open({ streamtype: 'error', port: String(echoPort), requestid: '0' });
      const data = await c.open({ streamtype: 'data', port: String(echoPort), requestid: '0' });
      c.data(err, '', true);
      c.data(data, 'hello');
      await until(() => (c.received(data).text === 'echo:hello' ? true : undefined), 'echo through SPDY');
      expect(await openEchoConnections()).toBe(before + 1);
      sock.end();
      const deadline = Date.now() + 5000;
      while ((await openEchoConnections()) > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await openEchoConnections()).toBe(before);
    } finally {
      sock.destroy();
      c.close();
    }
  });
});

/** openEchoConnections counts the stand-in pod's open connections. */
function openEchoConnections(): Promise<number> {
  return new Promise((resolve, reject) => echo.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

/** rawSpdy opens `Upgrade: SPDY/3.1` on a plain socket, as kubectl before 1.31 does, and waits for the 101. */
async function rawSpdy(): Promise<{ sock: net.Socket; c: SpdyClient; head: () => string }> {
  const sock = net.connect({ host: '127.0.0.1', port: server.port });
  await new Promise((r) => sock.once('connect', r));
  sock.write(['POST /portForward/default/web HTTP/1.1', 'Host: x', 'Connection: Upgrade', 'Upgrade: SPDY/3.1', 'X-Stream-Protocol-Version: portforward.k8s.io', 'Content-Length: 0', '', ''].join('\r\n'));
  const c = new SpdyClient((b) => sock.write(b));
  let head = '';
  let upgraded = false;
  sock.on('data', (d: Buffer) => {
    if (upgraded) return c.receive(d);
    head += d.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    upgraded = true;
    const rest = Buffer.from(head.slice(end + 4), 'latin1');
    if (rest.length) c.receive(rest);
  });
  await until(() => (upgraded ? true : undefined), '101');
  return { sock, c, head: () => head };
}
