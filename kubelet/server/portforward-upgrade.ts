/**
 * servePortForwardSpdy answers `Upgrade: SPDY/3.1` with `X-Stream-Protocol-Version:
 * portforward.k8s.io` (kubectl before 1.31, and later ones when the WebSocket tunnel is
 * refused) and runs a SPDY session on the raw socket.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../component-base/logger.ts';
import { HttpError } from './find-container.ts';
import { newPortForwardStreamHandler } from './portforward-spdy.ts';
import type { PortForwardTarget } from './portforward-target.ts';
import { SpdyServerSession } from './spdy/session.ts';

/** PortForwardProtocol is the only stream protocol served. */
export const PortForwardProtocol = 'portforward.k8s.io';

/** servePortForwardSpdy: see the file comment. */
export function servePortForwardSpdy(req: http.IncomingMessage, socket: Duplex, head: Buffer, target: PortForwardTarget, log: Logger): void {
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'spdy/3.1') throw new HttpError(400, `unsupported upgrade "${req.headers.upgrade ?? ''}": use WebSocket or SPDY/3.1`);
  const offered = ([] as string[]).concat(req.headers['x-stream-protocol-version'] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (offered.length > 0 && !offered.includes(PortForwardProtocol)) {
    throw new HttpError(403, `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server supports ["${PortForwardProtocol}"]`);
  }
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade', 'Upgrade: SPDY/3.1', `X-Stream-Protocol-Version: ${PortForwardProtocol}`, '', ''].join('\r\n'));
  const session = new SpdyServerSession({ write: (b) => socket.write(b), close: () => socket.end() }, newPortForwardStreamHandler(target, log));
  socket.on('data', (d: Buffer) => session.receive(d));
  // The HTTP server leaves upgraded sockets half-open: a client's FIN must end the session too,
  // or its connections to the pod stay open.
  socket.on('end', () => session.close());
  socket.on('close', () => session.close());
  socket.on('error', () => session.close());
  if (head.length) session.receive(head);
}
