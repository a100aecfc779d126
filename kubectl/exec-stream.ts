import WebSocket from 'ws';
import type { Connection } from './cli-context.ts';

/** Channel numbers of the Kubernetes remotecommand WebSocket protocols (v4/v5.channel.k8s.io). */
export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** ExecStreams are where the remote process's input comes from and its output goes. */
export interface ExecStreams {
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** terminalSize gives the size to send on start and on every `onResize` call. */
  terminalSize?: () => { width: number; height: number };
  onResize?: (send: () => void) => void;
}

/**
 * exitCodeOf reads the exit code from the final Status on the error channel: Success → 0,
 * NonZeroExitCode → the ExitCode cause, anything else → 1 with its message.
 */
export function exitCodeOf(status: { status?: string; reason?: string; message?: string; details?: { causes?: Array<{ reason?: string; message?: string }> } }): { code: number; message?: string } {
  if (status.status === 'Success') return { code: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (status.reason === 'NonZeroExitCode' && cause) return { code: Number(cause.message) || 1 };
  return { code: 1, message: status.message };
}

/**
 * runExec opens `pods/<name>/exec` as a WebSocket (subprotocol v5.channel.k8s.io, v4 as
 * fallback), pumps stdin/stdout/stderr, sends terminal resizes, and resolves with the remote
 * exit code taken from the error channel.
 */
export function runExec(conn: Connection, path: string, query: URLSearchParams, streams: ExecStreams): Promise<{ code: number; message?: string }> {
  const url = `${conn.server.replace(/^http/, 'ws').replace(/\/$/, '')}${path}?${query}`;
  const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
    headers: conn.token ? { Authorization: `Bearer ${conn.token}` } : {},
    ca: conn.ca,
    cert: conn.cert,
    key: conn.key,
    rejectUnauthorized: !conn.insecureSkipTLSVerify,
  });
  return new Promise((resolve, reject) => {
    let result: { code: number; message?: string } | undefined;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => reject(statusFromBody(res.statusCode ?? 500, body)));
    });
    ws.on('error', reject);
    ws.on('open', () => {
      const sendResize = () => {
        const size = streams.terminalSize?.();
        if (size) ws.send(Buffer.concat([Buffer.from([Channel.resize]), Buffer.from(JSON.stringify({ Width: size.width, Height: size.height }))]));
      };
      sendResize();
      streams.onResize?.(sendResize);
      streams.stdin?.on('data', (chunk: Buffer | string) => ws.send(Buffer.concat([Buffer.from([Channel.stdin]), Buffer.from(chunk)])));
      streams.stdin?.on('end', () => {
        // v5 can say "stdin closed"; v4 has no way to, so the remote keeps reading.
        if (ws.protocol === 'v5.channel.k8s.io') ws.send(Buffer.from([Channel.close, Channel.stdin]));
      });
    });
    ws.on('message', (data: Buffer) => {
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === Channel.stdout) streams.stdout.write(payload);
      else if (channel === Channel.stderr) streams.stderr.write(payload);
      else if (channel === Channel.error && payload.length > 0) result = exitCodeOf(JSON.parse(payload.toString('utf8')));
    });
    ws.on('close', () => resolve(result ?? { code: 0 }));
  });
}

function statusFromBody(code: number, body: string): Error {
  try {
    const status = JSON.parse(body);
    return Object.assign(new Error(status.message ?? body), { status });
  } catch {
    return Object.assign(new Error(body || `exec failed with HTTP ${code}`), { status: { code, message: body } });
  }
}
