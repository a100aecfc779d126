/**
 * Port-forward over SPDY, as kubectl speaks it (client-go tools/portforward): for every local
 * connection the client opens an error stream and a data stream with the headers
 * `streamtype: error|data`, `port: P` and `requestid: N`. Once both halves of a request are
 * here the kubelet dials the pod's port and pipes the data stream to it; a failure is written
 * as text on the error stream. Both streams end (FIN) when the pod side closes.
 */
import type net from 'node:net';
import type { Logger } from '../../component-base/logger.ts';
import type { SpdyStream } from './spdy/session.ts';
import { dialPod, parsePort, type PortForwardTarget } from './portforward-target.ts';

/** StreamPairTimeoutMs is how long one half of a request waits for the other (the kubelet's stream creation timeout). */
export const StreamPairTimeoutMs = 30_000;

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/**
 * requestIdOf pairs streams: the requestid header, or for clients that send none the error
 * stream's id (a data stream is created right after its error stream, so id - 2).
 */
export function requestIdOf(s: SpdyStream): string {
  const id = s.headers.requestid;
  if (id !== undefined && id !== '') return id;
  return String(s.headers.streamtype === 'data' ? s.id - 2 : s.id);
}

/** newPortForwardStreamHandler returns the session's onStream for one pod. */
export function newPortForwardStreamHandler(target: PortForwardTarget, log: Logger): (s: SpdyStream) => void {
  const pairs = new Map<string, Pair>();
  return (s) => {
    const port = parsePort(s.headers.port);
    const type = s.headers.streamtype;
    if (!port || (type !== 'data' && type !== 'error')) {
      log.debug({ headers: s.headers }, 'port-forward stream refused: bad port or streamtype');
      s.destroy();
      return;
    }
    s.reply();
    s.on('error', () => {});
    const key = requestIdOf(s);
    let pair = pairs.get(key);
    if (!pair) {
      const timer = setTimeout(() => {
        pairs.delete(key);
        pair?.data?.destroy();
        pair?.error?.destroy();
      }, StreamPairTimeoutMs);
      pair = { timer };
      pairs.set(key, pair);
    }
    pair[type] = s;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(key);
      void forward(target, port, pair.data, pair.error, log);
    }
  };
}

async function forward(target: PortForwardTarget, port: number, data: SpdyStream, error: SpdyStream, log: Logger): Promise<void> {
  // The client never writes to the error stream; drain it so its FIN is consumed.
  error.resume();
  let socket: net.Socket;
  try {
    socket = await dialPod(target, port);
  } catch (err) {
    log.debug({ err, port }, 'port-forward dial failed');
    error.end((err as Error).message);
    data.end();
    return;
  }
  socket.on('error', (err) => log.debug({ err, port }, 'port-forward connection error'));
  // The client reset the stream while we dialed: nobody will read this connection.
  if (data.destroyed) {
    socket.destroy();
    if (!error.destroyed && !error.writableEnded) error.end();
    return;
  }
  // Client FIN → half-close towards the pod; pod EOF → our FIN on the data stream.
  data.pipe(socket);
  socket.pipe(data);
  const done = () => {
    if (!error.writableEnded) error.end();
  };
  socket.once('close', () => {
    done();
    if (!data.writableEnded) data.end();
  });
  data.once('close', () => {
    socket.destroy();
    done();
  });
}
