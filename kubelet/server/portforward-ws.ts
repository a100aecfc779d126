/**
 * Port-forward over WebSocket, in the two forms Kubernetes has:
 * * the channel protocol (`v4.channel.k8s.io`, also offered as `portforward.k8s.io`): the ports
 *   come in the query (`?ports=80,443`); port i gets data channel 2i and error channel 2i+1;
 *   every message starts with its channel byte, and the first message the server sends on each
 *   channel carries the port as 2 bytes little-endian. One socket per port for the life of the
 *   WebSocket; the WebSocket closes when every port's connection has closed.
 * * the SPDY tunnel (`SPDY/3.1+portforward.k8s.io`, KEP-4006, kubectl ≥ 1.31's default): the
 *   binary messages carry a SPDY/3.1 byte stream, served by the same session as `Upgrade: SPDY/3.1`.
 */
import type http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../component-base/logger.ts';
import { newPortForwardStreamHandler } from './portforward-spdy.ts';
import { dialPod, parsePort, type PortForwardTarget } from './portforward-target.ts';
import { HttpError } from './find-container.ts';
import { SpdyServerSession } from './spdy/session.ts';

/** TunnelProtocol is the SPDY-over-WebSocket subprotocol. */
export const TunnelProtocol = 'SPDY/3.1+portforward.k8s.io';
/** ChannelProtocols are the plain channel subprotocols, best first. */
export const ChannelProtocols = ['v4.channel.k8s.io', 'portforward.k8s.io', 'channel.k8s.io'];

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  handleProtocols: (offered) => ChannelProtocols.find((p) => offered.has(p)) ?? false,
});

// `SPDY/3.1+portforward.k8s.io` is no RFC 6455 token ('/' is a separator), so ws refuses it in
// Sec-WebSocket-Protocol: the tunnel is upgraded with the header removed and echoed back by hand.
const tunnelWss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
tunnelWss.on('headers', (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${TunnelProtocol}`));

/** portsOf reads `ports` (comma-separated and/or repeated) for the channel protocol. */
export function portsOf(q: URLSearchParams): number[] {
  const raw = q.getAll('ports').flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const ports = raw.map((s) => parsePort(s));
  if (ports.some((p) => p === undefined)) throw new HttpError(400, `invalid port in "${raw.join(',')}"`);
  return ports as number[];
}

/** portPrefix is the first message on a channel: the channel byte and the port, little-endian. */
export function portPrefix(channel: number, port: number): Buffer {
  const b = Buffer.alloc(3);
  b[0] = channel;
  b.writeUInt16LE(port, 1);
  return b;
}

/** servePortForwardWs upgrades and serves whichever protocol the client offered. */
export function servePortForwardWs(req: http.IncomingMessage, socket: Duplex, head: Buffer, target: PortForwardTarget, query: URLSearchParams, log: Logger): void {
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  const tunnel = offered.includes(TunnelProtocol);
  // The channel protocol needs its ports up front; refuse before upgrading, with a readable code.
  const ports = tunnel ? [] : portsOf(query);
  if (!tunnel && ports.length === 0) throw new HttpError(400, 'query parameter "ports" is required');
  if (tunnel) {
    delete req.headers['sec-websocket-protocol'];
    tunnelWss.handleUpgrade(req, socket, head, (ws) => serveTunnel(ws, target, log));
  } else {
    wss.handleUpgrade(req, socket, head, (ws) => serveChannels(ws, target, ports, log));
  }
}

function serveTunnel(ws: WebSocket, target: PortForwardTarget, log: Logger): void {
  const session = new SpdyServerSession({
    write: (b) => { if (ws.readyState === ws.OPEN) ws.send(b); },
    close: () => ws.close(1000),
  }, newPortForwardStreamHandler(target, log));
  ws.on('message', (m: Buffer) => session.receive(Buffer.isBuffer(m) ? m : Buffer.from(m as ArrayBuffer)));
  ws.on('close', () => session.close());
  ws.on('error', () => session.close());
}

function send(ws: WebSocket, channel: number, data: Buffer): void {
  if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
}

function serveChannels(ws: WebSocket, target: PortForwardTarget, ports: number[], log: Logger): void {
  for (const [i, port] of ports.entries()) {
    ws.send(portPrefix(2 * i, port));
    ws.send(portPrefix(2 * i + 1, port));
  }
  const sockets: Array<net.Socket | undefined> = [];
  const early: Buffer[][] = ports.map(() => []);
  let open = ports.length;
  const finished = () => {
    if (--open === 0) ws.close(1000);
  };
  ws.on('message', (m: Buffer) => {
    const data = Buffer.isBuffer(m) ? m : Buffer.from(m as ArrayBuffer);
    const ch = data[0];
    if (data.length < 2 || ch % 2 !== 0 || ch / 2 >= ports.length) return;
    const s = sockets[ch / 2];
    if (s) s.write(data.subarray(1));
    else early[ch / 2].push(data.subarray(1));
  });
  ws.on('close', () => sockets.forEach((s) => s?.destroy()));
  ports.forEach((port, i) => {
    dialPod(target, port).then((s) => {
      if (ws.readyState !== ws.OPEN) {
        s.destroy();
        return;
      }
      sockets[i] = s;
      for (const d of early[i].splice(0)) s.write(d);
      s.on('data', (d: Buffer) => send(ws, 2 * i, d));
      s.on('error', (err) => log.debug({ err, port }, 'port-forward connection error'));
      s.once('close', finished);
    }, (err: Error) => {
      send(ws, 2 * i + 1, Buffer.from(err.message));
      finished();
    });
  });
}
