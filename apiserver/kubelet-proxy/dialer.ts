/**
 * How the API server reaches kubelets (pods/log|exec|attach|portforward and the metrics API's
 * /stats/summary): plain TCP/HTTP, or TLS presenting the API server's kubelet client certificate.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

/** KubeletClientTls is the API server's client certificate for kubelets and the CA their serving certs chain to (PEM). */
export interface KubeletClientTls {
  cert: Buffer;
  key: Buffer;
  /** ca verifies kubelet serving certs; without it they are not verified (as Kubernetes without --kubelet-certificate-authority). */
  ca?: Buffer;
}

/**
 * Dialer reaches kubelets: plain TCP/HTTP, or TLS with the API server's kubelet client
 * certificate. Node's own http/https clients suffice for the one GET (logs) and the raw sockets
 * (upgrades); the API server loads no HTTP client library.
 */
export interface Dialer {
  scheme: 'http' | 'https';
  /** get starts a GET of path on the kubelet and resolves with its response head. */
  get(host: string, port: number, path: string, signal: AbortSignal): Promise<IncomingMessage>;
  connect(host: string, port: number): net.Socket;
}

/** HEADERS_TIMEOUT_MS bounds the wait for a kubelet's response head (the body may stream for hours). */
export const HEADERS_TIMEOUT_MS = 10_000;

export function dialerFor(t?: KubeletClientTls): Dialer {
  const opts = t ? { cert: t.cert, key: t.key, ca: t.ca, rejectUnauthorized: t.ca !== undefined } : undefined;
  const servername = (host: string) => (net.isIP(host) ? {} : { servername: host });
  return {
    scheme: opts ? 'https' : 'http',
    get: (host, port, path, signal) =>
      new Promise((resolve, reject) => {
        const req = opts ? https.request({ host, port, path, signal, agent: false, ...opts, ...servername(host) }) : http.request({ host, port, path, signal, agent: false });
        const timer = setTimeout(() => req.destroy(new Error(`no response within ${HEADERS_TIMEOUT_MS / 1000}s`)), HEADERS_TIMEOUT_MS);
        req.once('response', (res) => (clearTimeout(timer), resolve(res)));
        req.once('error', (err) => (clearTimeout(timer), reject(err)));
        req.end();
      }),
    connect: (host, port) => (opts ? tls.connect({ host, port, ...opts, ...servername(host) }) : net.connect({ host, port })),
  };
}

/** textOf reads a (short) response body as text. */
export async function textOf(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}
