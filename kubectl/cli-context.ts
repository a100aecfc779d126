import type { Writable } from 'node:stream';
import { createClient } from '../client/rest-client.ts';
import { loadKubeconfig } from '../client/kubeconfig.ts';
import type { Client } from '../client/types.ts';

/** GlobalOptions are the flags every skiffctl verb accepts, as in kubectl. */
export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  server?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  requestTimeout?: string;
  v?: string;
}

/** CliIO is where a command writes; tests pass buffers. */
export interface CliIO {
  out: Writable;
  err: Writable;
  stdin: NodeJS.ReadableStream;
}

/** CliContext is what a verb runs with: a client, the effective namespace, and its output streams. */
export interface CliContext {
  client: Client;
  /** namespace from -n, else the kubeconfig context's, else 'default'. */
  namespace: string;
  /** namespaceExplicit tells whether -n was given (manifests with another namespace are then an error). */
  namespaceExplicit: boolean;
  io: CliIO;
  /** verbosity from -v; ≥6 logs requests. */
  verbosity: number;
  /** connection holds what streaming verbs (exec) need to open their own WebSocket. */
  connection: Connection;
}

/** Connection is the resolved server address and credentials. */
export interface Connection {
  server: string;
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  insecureSkipTLSVerify?: boolean;
}

/** createCliContext resolves the kubeconfig and flags into a client, like kubectl's factory. */
export function createCliContext(opts: GlobalOptions, io: CliIO): CliContext {
  const kc = loadKubeconfig({ path: opts.kubeconfig, context: opts.context });
  const server = opts.server ?? kc.server;
  if (!server) {
    throw new Error('The connection to the server localhost:8080 was refused - did you specify the right host or port? (set KUBECONFIG or pass --kubeconfig / --server)');
  }
  const connection: Connection = {
    server,
    ca: kc.ca,
    cert: kc.cert,
    key: kc.key,
    token: opts.token ?? kc.token,
    insecureSkipTLSVerify: opts.insecureSkipTlsVerify ?? kc.insecureSkipTLSVerify,
  };
  const client = createClient({
    ...connection,
    servers: [server],
    userAgent: 'skiffctl/v0.1.0',
    timeoutMs: parseTimeout(opts.requestTimeout),
  });
  return {
    client,
    namespace: opts.namespace ?? kc.namespace ?? 'default',
    namespaceExplicit: opts.namespace !== undefined,
    io,
    verbosity: Number(opts.v ?? 0),
    connection,
  };
}

/** parseTimeout reads kubectl's --request-timeout ('0' = none, '30s', '1m', bare seconds). */
export function parseTimeout(value: string | undefined): number | undefined {
  if (!value || value === '0') return undefined;
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value);
  if (!m) throw new Error(`invalid --request-timeout "${value}": use e.g. 30s, 1m or 0`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
  return Number(m[1]) * unit;
}
