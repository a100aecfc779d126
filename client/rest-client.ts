/**
 * createClient is the REST client every component uses: typed resource clients over one
 * Transport (undici, auth, QPS, retries, failover). Paths come from ResourceInfo; errors are
 * StatusErrors; watches are streamed NDJSON with clean abort.
 */
import type { KubeList, KubeObject } from '../api/meta/v1/object-meta.ts';
import type { Status } from '../api/meta/v1/status.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { Client, PatchType, ResourceClient, WatchEvent, WatchOptions } from './types.ts';
import { Transport, readBody, type ClientConfig, type TransportRequest } from './transport.ts';
import { deleteBody, listQuery, resourcePath, withQuery, writeQuery } from './paths.ts';
import { decodeWatchBatches } from './watch-decoder.ts';
import { connectionError } from './http-status.ts';
import { StatusError } from '../api/errors.ts';

export type { ClientConfig, ClientCredentials } from './transport.ts';

/** patchContentTypes maps a PatchType to its Content-Type. */
export const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** createClient connects to the API server(s) in config; see ClientConfig. */
export function createClient(config: ClientConfig): Client {
  const t = new Transport(config);
  const fieldManager = (config.userAgent ?? 'skiff-client').split('/')[0].replace(/[^a-zA-Z0-9._-]/g, '-').slice(0, 128);

  async function call<R>(req: Omit<TransportRequest, 'body'> & { body?: unknown }): Promise<R> {
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    const res = await t.send({ ...req, body });
    return (await readBody(res)) as R;
  }

  function resource<T extends KubeObject>(info: ResourceInfo): ResourceClient<T> {
    const path = (ns?: string, name?: string, sub?: string) => resourcePath(info, ns, name, sub);
    return {
      info,
      get: (ns, name) => call<T>({ method: 'GET', path: path(ns, name), idempotent: true }),
      list: (ns, opts) => call<KubeList<T>>({ method: 'GET', path: withQuery(path(ns), listQuery(opts)), idempotent: true }),
      create: (ns, obj, opts) =>
        call<T>({
          method: 'POST',
          path: withQuery(opts?.subresource ? path(ns ?? obj.metadata.namespace, obj.metadata.name, opts.subresource) : path(ns ?? obj.metadata.namespace), writeQuery(opts)),
          body: obj,
          idempotent: false,
        }),
      update: (obj, opts) =>
        call<T>({
          method: 'PUT',
          path: withQuery(path(obj.metadata.namespace, obj.metadata.name, opts?.subresource), writeQuery(opts)),
          body: obj,
          // A PUT carrying a resourceVersion is a compare-and-swap: repeating it cannot apply twice.
          idempotent: !!obj.metadata.resourceVersion,
        }),
      updateStatus: (obj, opts) =>
        call<T>({
          method: 'PUT',
          path: withQuery(path(obj.metadata.namespace, obj.metadata.name, 'status'), writeQuery(opts)),
          body: obj,
          idempotent: !!obj.metadata.resourceVersion,
        }),
      patch: (ns, name, type, patch, opts) => {
        const q = writeQuery(type === 'apply' ? { fieldManager, ...opts } : opts);
        return call<T>({
          method: 'PATCH',
          path: withQuery(path(ns, name, opts?.subresource), q),
          body: patch,
          contentType: patchContentTypes[type],
          idempotent: false,
        });
      },
      delete: (ns, name, opts) => call<T | Status>({ method: 'DELETE', path: path(ns, name), body: deleteBody(opts), idempotent: true }),
      deleteCollection: async (ns, opts = {}) => {
        await call({ method: 'DELETE', path: withQuery(path(ns), listQuery(opts)), body: deleteBody(opts), idempotent: true });
      },
      watch: (ns, opts = {}) => watchStream<T>(path(ns), opts),
      createSubresource: <B, R>(ns: string | undefined, name: string, sub: string, body: B) =>
        call<R>({ method: 'POST', path: path(ns, name, sub), body, idempotent: false }),
      getSubresource: <R>(ns: string | undefined, name: string, sub: string, query?: Record<string, string>) =>
        call<R>({ method: 'GET', path: withQuery(path(ns, name, sub), query), idempotent: true }),
    };
  }

  async function* watchStream<T extends KubeObject>(base: string, opts: WatchOptions): AsyncGenerator<WatchEvent<T>> {
    const q = { ...listQuery(opts), watch: 'true' };
    let res;
    try {
      res = await t.send({ method: 'GET', path: withQuery(base, q), idempotent: true, stream: true, signal: opts.signal });
    } catch (err) {
      if (opts.signal?.aborted) return;
      throw err;
    }
    try {
      for await (const batch of decodeWatchBatches<T>(res.body)) {
        for (const ev of batch) yield ev;
      }
    } catch (err) {
      // An abort is a clean stop, not an error.
      if (opts.signal?.aborted) return;
      // A broken stream (server restart, reset) is a connection failure: callers resume from their RV.
      throw err instanceof StatusError ? err : connectionError(t.server, err);
    } finally {
      res.body.destroy();
    }
  }

  return {
    resource,
    get server() {
      return t.server;
    },
    async request(method, p, opts = {}) {
      const res = await t.send({
        method,
        path: withQuery(p, opts.query),
        body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
        contentType: opts.contentType,
        accept: opts.accept,
        idempotent: method === 'GET' || method === 'HEAD',
        signal: opts.signal,
      });
      return { status: res.statusCode, headers: res.headers, body: await readBody(res) };
    },
    async stream(p, opts = {}) {
      const res = await t.send({ method: 'GET', path: withQuery(p, opts.query), accept: '*/*', idempotent: true, stream: true, signal: opts.signal });
      return res.body as AsyncIterable<Uint8Array>;
    },
    close: () => t.close(),
  };
}
