/**
 * serveExec runs a command in a container over a WebSocket with Kubernetes' channel protocol
 * (v5.channel.k8s.io / v4.channel.k8s.io): every binary message starts with a channel byte —
 * 0 stdin, 1 stdout, 2 stderr, 3 error (a final metav1.Status carrying the exit code), 4 resize
 * ({"Width","Height"}), and in v5 255 = close the given channel (stdin EOF).
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContainerRuntime } from '../runtime/types.ts';
import type { Logger } from '../../component-base/logger.ts';

/** ExecProtocols are the subprotocols served, best first. */
export const ExecProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => ExecProtocols.find((p) => offered.has(p)) ?? false,
});

/** ExecRequest is a parsed exec query. */
export interface ExecRequest {
  containerId: string;
  /** attach joins the main process instead of running command (kubectl attach). */
  attach?: boolean;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

/** parseExecQuery reads command=…&stdin=…&tty=… (repeated `command` params, as kubectl sends). */
export function parseExecQuery(q: URLSearchParams): Omit<ExecRequest, 'containerId'> {
  const flag = (k: string) => ['1', 'true'].includes(q.get(k) ?? '');
  return { command: q.getAll('command'), stdin: flag('stdin') || flag('input'), tty: flag('tty') };
}

/** statusFor is the channel-3 Status for an exit code. */
export function statusFor(code: number, command: string[]): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** serveExec upgrades the request and runs the exec. */
export function serveExec(req: http.IncomingMessage, socket: Duplex, head: Buffer, runtime: ContainerRuntime, r: ExecRequest, log: Logger): void {
  wss.handleUpgrade(req, socket, head, (ws) => {
    void run(ws, runtime, r, log).catch((err) => {
      log.warn({ err }, 'exec failed');
      sendStatus(ws, { metadata: {}, status: 'Failure', reason: 'InternalError', message: (err as Error).message });
      ws.close(1000);
    });
  });
}

function send(ws: WebSocket, channel: number, data: Buffer): void {
  if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
}

function sendStatus(ws: WebSocket, status: object): void {
  send(ws, 3, Buffer.from(JSON.stringify(status)));
}

async function run(ws: WebSocket, runtime: ContainerRuntime, r: ExecRequest, log: Logger): Promise<void> {
  // Clients send stdin and a resize right after the handshake: queue them until the exec exists.
  const early: Buffer[] = [];
  let handle: ((data: Buffer) => void) | undefined;
  ws.on('message', (msg: Buffer) => {
    const data = Buffer.isBuffer(msg) ? msg : Buffer.from(msg as ArrayBuffer);
    if (data.length === 0) return;
    if (handle) handle(data);
    else early.push(data);
  });
  const session = r.attach
    ? await runtime.attach(r.containerId, { tty: r.tty, stdin: r.stdin })
    : await runtime.exec(r.containerId, { cmd: r.command, tty: r.tty, stdin: r.stdin });
  session.stdout.on('data', (d: Buffer) => send(ws, 1, d));
  session.stderr.on('data', (d: Buffer) => send(ws, 2, d));
  handle = (data) => {
    const ch = data[0];
    if (ch === 0) session.stdin?.write(data.subarray(1));
    else if (ch === 4) {
      const size = JSON.parse(data.subarray(1).toString()) as { Width: number; Height: number };
      session.resize(size.Width, size.Height).catch(() => {});
    } else if (ch === 255 && data[1] === 0) session.stdin?.end();
  };
  for (const d of early.splice(0)) handle(d);
  ws.on('close', () => session.stdin?.destroy());
  const ended = (s: NodeJS.ReadableStream) => new Promise<void>((res) => { s.once('end', res); s.once('close', res); });
  const code = await session.exitCode;
  await Promise.race([Promise.all([ended(session.stdout), ended(session.stderr)]), new Promise((res) => setTimeout(res, 1000))]);
  log.debug({ command: r.command, attach: r.attach, code }, 'exec finished');
  sendStatus(ws, statusFor(code, r.command));
  ws.close(1000);
}
