/**
 * The client end of Kubernetes' WebSocket port-forward protocol (v4.channel.k8s.io): one
 * WebSocket to `pods/<name>/portforward?ports=P` per local connection; channel 0 carries data,
 * channel 1 errors; the server's first message on each channel is the port (2 bytes,
 * little-endian), which is skipped; every other message is the channel byte plus payload.
 */
import type net from 'node:net';
import WebSocket from 'ws';
import type { Connection } from './cli-context.ts';

/** PortForwardProtocols are offered in this order. */
export const PortForwardProtocols = ['v4.channel.k8s.io', 'portforward.k8s.io'];

/** ChannelDemux splits server messages into data and error payloads, dropping each channel's port prefix. */
export class ChannelDemux {
  private readonly seen = new Set<number>();

  /** next classifies one message: 'data' or 'error' with its payload, or undefined for a port prefix or another channel. */
  next(msg: Buffer): { kind: 'data' | 'error'; payload: Buffer } | undefined {
    if (msg.length === 0) return undefined;
    const ch = msg[0];
    if (ch > 1) return undefined;
    if (!this.seen.has(ch)) {
      this.seen.add(ch);
      // The first message is the port; should it carry more, the rest is payload.
      const rest = msg.subarray(3);
      return rest.length ? { kind: ch === 0 ? 'data' : 'error', payload: rest } : undefined;
    }
    return { kind: ch === 0 ? 'data' : 'error', payload: msg.subarray(1) };
  }
}

/** dataMessage frames bytes for the data channel of the (single) forwarded port. */
export function dataMessage(chunk: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0]), chunk]);
}

/**
 * forwardConnection pipes one accepted local socket through a new WebSocket to the pod's
 * remotePort. It resolves when either side closes; an error the kubelet reports (e.g. nobody
 * listens on the port), or a refused upgrade, rejects — the listener keeps serving others.
 */
export function forwardConnection(conn: Connection, path: string, remotePort: number, local: net.Socket): Promise<void> {
  const url = `${conn.server.replace(/^http/, 'ws').replace(/\/$/, '')}${path}?ports=${remotePort}`;
  const ws = new WebSocket(url, PortForwardProtocols, {
    headers: conn.token ? { Authorization: `Bearer ${conn.token}` } : {},
    ca: conn.ca, cert: conn.cert, key: conn.key,
    rejectUnauthorized: !conn.insecureSkipTLSVerify,
    perMessageDeflate: false,
  });
  const demux = new ChannelDemux();
  let failure: Error | undefined;
  let settled = false;
  return new Promise((resolve, reject) => {
    const finish = () => {
      if (settled) return;
      settled = true;
      local.destroy();
      if (failure) reject(failure);
      else resolve();
    };
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => {
        req.destroy();
        failure = new Error(messageOf(res.statusCode ?? 0, body));
        finish();
      });
    });
    ws.on('error', (err) => {
      failure ??= err;
      finish();
    });
    ws.on('open', () => {
      local.on('data', (d: Buffer) => ws.send(dataMessage(d)));
      local.on('end', () => ws.close(1000));
      local.resume();
    });
    local.pause();
    local.on('error', () => ws.close(1000));
    local.on('close', () => ws.close(1000));
    ws.on('message', (m: Buffer) => {
      const got = demux.next(m);
      if (got?.kind === 'data') local.write(got.payload);
      else if (got?.kind === 'error') failure = new Error(got.payload.toString('utf8'));
    });
    ws.on('close', () => {
      // Let what was written reach the local client before closing it.
      if (local.writable) local.end(finish);
      else finish();
    });
  });
}

function messageOf(code: number, body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    return body.trim() || `port-forward failed with HTTP ${code}`;
  }
}
