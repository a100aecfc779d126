/**
 * kubeletProxy serves pods/log, pods/exec and pods/attach by proxying to the pod's kubelet
 * (kubelet/server): logs are streamed through (flushed as they come, for `kubectl logs -f`);
 * exec/attach WebSocket upgrades (v5/v4.channel.k8s.io) are spliced byte for byte onto a TCP
 * connection to the kubelet, so the kubelet negotiates the subprotocol and sends the exit
 * code Status itself. pods/portforward upgrades (WebSocket: `v4.channel.k8s.io` or the SPDY
 * tunnel `SPDY/3.1+portforward.k8s.io`; or `Upgrade: SPDY/3.1` by POST, kubectl's fallback) are
 * spliced the same way onto the kubelet's /portForward, which speaks all of them. With a kubelet client certificate
 * (--kubelet-client-certificate/--kubelet-client-key) kubelets are dialled over HTTPS presenting
 * it, verifying their serving certs against --kubelet-certificate-authority when given.
 */
import type { IncomingMessage } from 'node:http';
import type net from 'node:net';
import { newBadRequest, newServiceUnavailable, newStatus, StatusError } from '../../api/errors.ts';
import type { SubresourceHandler, SubresourceRequest } from '../handlers/env.ts';
import { dialerFor, textOf, type Dialer, type KubeletClientTls } from './dialer.ts';
import { kubeletTarget } from './target.ts';

export type { KubeletClientTls } from './dialer.ts';

const logParams = ['follow', 'tailLines', 'sinceSeconds', 'sinceTime', 'timestamps', 'previous', 'limitBytes'];
const execParams = ['command', 'stdin', 'stdout', 'stderr', 'tty', 'input', 'output', 'error'];
const portForwardParams = ['ports'];

/** newKubeletProxy returns the pods/log|exec|attach|portforward handler dialling kubelets with t (plain HTTP when absent). */
export function newKubeletProxy(t?: KubeletClientTls): SubresourceHandler {
  const dialer = dialerFor(t);
  return async (r) => {
    const sub = r.path.subresource;
    if (sub === 'log') return proxyLogs(r, dialer);
    if (sub === 'exec' || sub === 'attach' || sub === 'portforward') return proxyUpgrade(r, sub, dialer);
    throw newServiceUnavailable(`pods/${sub} is not supported by this server`);
  };
}

/** kubeletProxy: see the file comment (plain HTTP to kubelets). */
export const kubeletProxy: SubresourceHandler = newKubeletProxy();

function pick(q: URLSearchParams, keys: string[]): string {
  const out = new URLSearchParams();
  for (const k of keys) for (const v of q.getAll(k)) out.append(k, v);
  const s = out.toString();
  return s ? `?${s}` : '';
}

async function proxyLogs(r: SubresourceRequest, dialer: Dialer): Promise<unknown> {
  const t = await kubeletTarget(r);
  const path = `/containerLogs/${encodeURIComponent(r.path.namespace ?? '')}/${encodeURIComponent(r.path.name)}/${encodeURIComponent(t.container)}${pick(r.query, logParams)}`;
  const abort = new AbortController();
  r.req.raw.on('close', () => abort.abort());
  let res: IncomingMessage;
  try {
    res = await dialer.get(t.host, t.port, path, abort.signal);
  } catch (err) {
    throw newServiceUnavailable(`cannot reach the kubelet at ${t.host}:${t.port}: ${(err as Error).message}`);
  }
  if (res.statusCode !== 200) {
    const text = await textOf(res);
    throw new StatusError(newStatus(res.statusCode === 404 ? 404 : 400, res.statusCode === 404 ? 'NotFound' : 'BadRequest', text.trim()));
  }
  r.reply.hijack();
  const out = r.reply.raw;
  out.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  out.flushHeaders();
  try {
    for await (const chunk of res) out.write(chunk);
  } catch {
    // The client went away or the kubelet closed: end our side.
  }
  out.end();
  return r.reply;
}

/** upgradePath is the kubelet path of an exec/attach/portforward upgrade. */
function upgradePath(r: SubresourceRequest, sub: string, container: string): string {
  const pod = `${encodeURIComponent(r.path.namespace ?? '')}/${encodeURIComponent(r.path.name)}`;
  if (sub === 'portforward') return `/portForward/${pod}${pick(r.query, portForwardParams)}`;
  return `/${sub}/${pod}/${encodeURIComponent(container)}${pick(r.query, execParams)}`;
}

async function proxyUpgrade(r: SubresourceRequest, sub: string, dialer: Dialer): Promise<unknown> {
  const upgrade = (r.req.headers.upgrade ?? '').toLowerCase();
  const spdy = sub === 'portforward' && upgrade === 'spdy/3.1';
  if (upgrade !== 'websocket' && !spdy) {
    const how = sub === 'portforward' ? 'WebSocket (v4.channel.k8s.io, SPDY/3.1+portforward.k8s.io) or SPDY/3.1' : 'WebSocket (v5.channel.k8s.io)';
    throw newBadRequest(`Upgrade request required: pods/${sub} is served over ${how}`);
  }
  const t = await kubeletTarget(r, sub !== 'portforward');
  const path = upgradePath(r, sub, t.container);
  const upstream = dialer.connect(t.host, t.port);
  await new Promise<void>((resolve, reject) => {
    // A TLS socket is usable once the handshake is done, a plain one once connected.
    upstream.once(dialer.scheme === 'https' ? 'secureConnect' : 'connect', resolve);
    upstream.once('error', (err) => reject(newServiceUnavailable(`cannot reach the kubelet at ${t.host}:${t.port}: ${err.message}`)));
  });
  r.reply.hijack();
  const client = r.req.raw.socket;
  const h = r.req.headers;
  const forward = ['upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'x-stream-protocol-version'];
  // A SPDY upgrade keeps its method (kubectl POSTs); a WebSocket handshake is always a GET.
  const lines = [`${spdy ? r.req.method : 'GET'} ${path} HTTP/1.1`, `Host: ${t.host}:${t.port}`];
  if (spdy) lines.push('Content-Length: 0');
  for (const k of forward) for (const v of ([] as string[]).concat(h[k] ?? [])) lines.push(`${k}: ${v}`);
  upstream.write(lines.join('\r\n') + '\r\n\r\n');
  // Splice the sockets: the kubelet's 101 and frames flow back unchanged.
  upstream.pipe(client);
  client.pipe(upstream);
  const close = () => {
    upstream.destroy();
    client.destroy();
  };
  upstream.on('error', close);
  client.on('error', close);
  upstream.on('close', close);
  client.on('close', close);
  return r.reply;
}
