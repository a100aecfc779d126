/**
 * The kubelet API the API server proxies to (design §5): /healthz (/readyz, /livez), /pods,
 * /containerLogs/{ns}/{pod}/{container} (follow, tailLines, sinceSeconds, timestamps, previous)
 * /exec/{ns}/{pod}/[{uid}/]{container} and /attach/… (the main process, no command) over
 * WebSocket (exec-ws.ts), and /portForward/{ns}/{pod}[/{uid}] over WebSocket (portforward-ws.ts) or `Upgrade: SPDY/3.1`, and
 * GET /stats/summary: node and pod CPU/memory in Kubernetes' Summary API shape (../stats/summary.ts;
 * 503 when the container engine cannot be read).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import http from '../../component-base/node-http.ts';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../component-base/logger.ts';
import type { Pod } from '../api-types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import type { Summary } from '../stats/summary-types.ts';
import { checkClientCert, type KubeletServerTls } from './client-auth.ts';
import { findContainer, HttpError } from './find-container.ts';
import { portForwardTarget } from './portforward-target.ts';

/** KubeletServerOptions wire the server. */
export interface KubeletServerOptions {
  runtime: ContainerRuntime;
  findPod(ns: string, name: string): Pod | undefined;
  listPods(): Pod[];
  healthz(): string;
  /** summary collects /stats/summary (a SummaryProvider's get); without it the endpoint is 404. */
  summary?(): Promise<Summary>;
  log: Logger;
  /** tls serves HTTPS and admits only the API server's client certificate (--tls-cert-file, --tls-private-key-file, --client-ca-file). */
  tls?: KubeletServerTls;
}

/** KubeletServer is a listening kubelet API. */
export interface KubeletServer {
  port: number;
  /**
   * setServingCertificate serves a new pair (PEM) to new TLS connections; open ones carry on
   * with the old (a rotated --rotate-server-certificates pair). Only for an HTTPS server.
   */
  setServingCertificate(cert: string | Buffer, key: string | Buffer): void;
  close(): Promise<void>;
}

/**
 * startKubeletServer listens on address:port (0 picks a port): plain HTTP without o.tls, else
 * HTTPS where every request (healthz too: no unauthenticated port) needs the API server's client cert.
 */
export async function startKubeletServer(address: string, port: number, o: KubeletServerOptions): Promise<KubeletServer> {
  // rejectUnauthorized is off so a refused client gets a 401/403 it can read instead of a bare handshake failure.
  const server = o.tls
    ? https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.clientCA, requestCert: true, rejectUnauthorized: false })
    : http.createServer();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const denied = o.tls ? checkClientCert(req.socket as TLSSocket) : undefined;
    if (denied) res.writeHead(denied.code, { 'content-type': 'text/plain' }).end(denied.message);
    else void handle(req, res, o);
  });
  // Upgraded sockets (exec, port-forward) leave the HTTP server's bookkeeping: track them so close() ends them too.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    const denied = o.tls ? checkClientCert(req.socket as TLSSocket) : undefined;
    if (denied) socket.end(`HTTP/1.1 ${denied.code} ${http.STATUS_CODES[denied.code]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${denied.message}`);
    else void upgrade(req, socket, head, o);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setServingCertificate: (cert, key) => {
      if (!o.tls) throw new Error('the kubelet API serves plain HTTP: no certificate to replace');
      // The client CA is part of the secure context: keep verifying clients against it.
      (server as https.Server).setSecureContext({ cert, key, ca: o.tls.clientCA });
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      server.close(() => resolve());
    }),
  };
}

function parts(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
}

async function handle(req: IncomingMessage, res: ServerResponse, o: KubeletServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://kubelet');
  const p = parts(url);
  try {
    if (p[0] === 'healthz' || p[0] === 'readyz' || p[0] === 'livez') {
      const problem = o.healthz();
      res.writeHead(problem ? 503 : 200, { 'content-type': 'text/plain' }).end(problem || 'ok');
    } else if (p[0] === 'pods' && p.length === 1) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: o.listPods() }));
    } else if (p[0] === 'stats' && p[1] === 'summary' && p.length === 2 && o.summary) {
      await summary(res, o.summary, o.log);
    } else if (p[0] === 'containerLogs' && (p.length === 3 || p.length === 4)) {
      await logs(req, res, url, p, o);
    } else if (p[0] === 'exec') {
      throw new HttpError(400, 'exec needs a WebSocket upgrade (v5.channel.k8s.io or v4.channel.k8s.io)');
    } else if (p[0] === 'portForward') {
      throw new HttpError(400, 'port-forward needs an upgrade: WebSocket (v4.channel.k8s.io, SPDY/3.1+portforward.k8s.io) or SPDY/3.1');
    } else throw new HttpError(404, `no handler for ${url.pathname}`);
  } catch (err) {
    const code = err instanceof HttpError ? err.code : 500;
    if (!res.headersSent) res.writeHead(code, { 'content-type': 'text/plain' });
    res.end((err as Error).message);
  }
}

async function summary(res: ServerResponse, collect: () => Promise<Summary>, log: Logger): Promise<void> {
  let body: string;
  try {
    body = JSON.stringify(await collect());
  } catch (err) {
    // The engine or /proc could not be read: unavailable for now, the metrics API asks again.
    log.warn({ err }, 'stats summary failed');
    throw new HttpError(503, `failed to collect stats: ${(err as Error).message}`);
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
}

async function logs(req: IncomingMessage, res: ServerResponse, url: URL, p: string[], o: KubeletServerOptions): Promise<void> {
  const q = url.searchParams;
  const flag = (k: string) => ['1', 'true'].includes(q.get(k) ?? '');
  const num = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
  const [, ns, podName, container] = p;
  const rc = await findContainer(o.runtime, o.findPod(ns, podName), ns, podName, container, flag('previous'));
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const follow = flag('follow') && !flag('previous');
  const stream = await o.runtime.logs(rc.id, { follow, tailLines: num('tailLines'), sinceSeconds: num('sinceSeconds'), timestamps: flag('timestamps'), signal: abort.signal });
  res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  // Flush headers at once so `kubectl logs -f` shows the stream as it comes.
  res.flushHeaders();
  const limit = num('limitBytes');
  let sent = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    const part = limit !== undefined ? buf.subarray(0, Math.max(0, limit - sent)) : buf;
    sent += part.length;
    if (part.length) res.write(part);
    if (limit !== undefined && sent >= limit) break;
  }
  res.end();
  void req;
}

/**
 * loadStreaming loads exec, attach and port-forward on their first use: their WebSocket and SPDY
 * code (≈1.5 MB resident) serves only while someone execs or forwards. A --warm-compile-cache run
 * of kubelet/main.ts loads it too, so the first use finds it compiled.
 */
export async function loadStreaming() {
  const [exec, ws, spdy] = await Promise.all([import('./exec-ws.ts'), import('./portforward-ws.ts'), import('./portforward-upgrade.ts')]);
  return { parseExecQuery: exec.parseExecQuery, serveExec: exec.serveExec, servePortForwardWs: ws.servePortForwardWs, servePortForwardSpdy: spdy.servePortForwardSpdy };
}

async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, o: KubeletServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://kubelet');
  const p = parts(url);
  try {
    const { parseExecQuery, serveExec, servePortForwardWs, servePortForwardSpdy } = await loadStreaming();
    if (p[0] === 'portForward') {
      if (p.length !== 3 && p.length !== 4) throw new HttpError(404, `no handler for ${url.pathname}`);
      const target = portForwardTarget(o.findPod(p[1], p[2]), p[1], p[2]);
      if ((req.headers.upgrade ?? '').toLowerCase() === 'websocket') servePortForwardWs(req, socket, head, target, url.searchParams, o.log);
      else servePortForwardSpdy(req, socket, head, target, o.log);
      return;
    }
    if ((p[0] !== 'exec' && p[0] !== 'attach') || (p.length !== 4 && p.length !== 5)) throw new HttpError(404, `no handler for ${url.pathname}`);
    const [, ns, podName] = p;
    const container = p[p.length - 1];
    const rc = await findContainer(o.runtime, o.findPod(ns, podName), ns, podName, container, false);
    if (rc.state !== 'running') throw new HttpError(400, `container ${container} is not running`);
    const q = parseExecQuery(url.searchParams);
    const attach = p[0] === 'attach';
    if (!attach && !q.command.length) throw new HttpError(400, 'you must specify at least one command for the container');
    serveExec(req, socket, head, o.runtime, { containerId: rc.id, attach, ...q }, o.log);
  } catch (err) {
    const code = err instanceof HttpError ? err.code : 500;
    socket.end(`HTTP/1.1 ${code} ${http.STATUS_CODES[code]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${(err as Error).message}`);
  }
}
