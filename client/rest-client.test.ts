import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Resources } from '../api/resources.ts';
import { isConflict, isGone, isNotFound, isServerError, isTooManyRequests } from '../api/errors.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { Client, PatchType } from './types.ts';
import { createClient } from './rest-client.ts';

interface Seen {
  method: string;
  url: string;
  type?: string;
  auth?: string;
  body: string;
}

type Handler = (req: Seen, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
const clients: Client[] = [];

async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'], auth: req.headers.authorization, body };
      seen.push(s);
      handler(s, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(servers: string[]): Client {
  const c = createClient({ servers, token: 't0k', userAgent: 'skiff-test/1', maxRetries: 3 });
  clients.push(c);
  return c;
}

const json = (res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of servers.splice(0)) s.closeAllConnections(), s.close();
});

describe('createClient', () => {
  it.each([
    [Resources.pods, 'ns1', 'p', undefined, '/api/v1/namespaces/ns1/pods/p'],
    [Resources.deployments, 'ns1', 'd', 'scale', '/apis/apps/v1/namespaces/ns1/deployments/d/scale'],
    [Resources.nodes, 'ignored', 'n1', 'status', '/api/v1/nodes/n1/status'],
  ] as const)('builds the path of %s', async (info, ns, name, sub, want) => {
    const { url, seen } = await serve((_, res) => json(res, 200, { metadata: {} }));
    const rc = client([url]).resource(info);
    await (sub ? rc.getSubresource(ns, name, sub) : rc.get(ns, name));
    expect(seen[0].url).toBe(want);
    expect(seen[0].auth).toBe('Bearer t0k');
  });

  it.each([
    ['merge', 'application/merge-patch+json', ''],
    ['strategic', 'application/strategic-merge-patch+json', ''],
    ['json', 'application/json-patch+json', ''],
    ['apply', 'application/apply-patch+yaml', '?fieldManager=skiff-test&force=true'],
  ] as const)('sends %s patches as %s', async (type, contentType, query) => {
    const { url, seen } = await serve((_, res) => json(res, 200, { metadata: {} }));
    await client([url]).resource(Resources.pods).patch('default', 'p', type as PatchType, { a: 1 }, type === 'apply' ? { force: true } : undefined);
    expect(seen[0]).toMatchObject({ method: 'PATCH', type: contentType, url: `/api/v1/namespaces/default/pods/p${query}` });
  });

  it('rebuilds Status bodies and synthesizes a Status for other bodies', async () => {
    const { url } = await serve((req, res) => {
      if (req.url.endsWith('/a')) return json(res, 409, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409, message: 'stale' });
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>nope</html>');
    });
    const pods = client([url]).resource(Resources.pods);
    await expect(pods.get('d', 'a')).rejects.toSatisfy(isConflict);
    await expect(pods.get('d', 'b')).rejects.toSatisfy(isNotFound);
  });

  it('retries 429 for any verb and 5xx only for idempotent calls', async () => {
    let n = 0;
    const { url, seen } = await serve((req, res) => {
      if (req.method === 'POST') return json(res, 500, { kind: 'Status', code: 500, reason: 'InternalError' });
      if (++n <= 2) return json(res, n === 1 ? 429 : 503, { message: 'busy' }, { 'retry-after': '0' });
      json(res, 200, { metadata: { name: 'ok' } });
    });
    const pods = client([url]).resource<KubeObject>(Resources.pods);
    expect((await pods.get('d', 'x')).metadata.name).toBe('ok');
    expect(seen.length).toBe(3);
    await expect(pods.create('d', { metadata: { name: 'y' } })).rejects.toSatisfy(isServerError);
    expect(seen.filter((s) => s.method === 'POST').length).toBe(1);
  });

  it('gives up on persistent 429 with a TooManyRequests error', async () => {
    const { url } = await serve((_, res) => json(res, 429, { kind: 'Status', code: 429, reason: 'TooManyRequests' }, { 'retry-after': '0' }));
    await expect(client([url]).resource(Resources.pods).get('d', 'x')).rejects.toSatisfy(isTooManyRequests);
  });

  it('fails over to the next server when a connection is refused', async () => {
    const dead = await serve(() => {});
    const deadUrl = dead.url;
    servers.pop()?.close();
    const { url } = await serve((_, res) => json(res, 200, { metadata: { name: 'here' } }));
    const c = client([deadUrl, url]);
    expect((await c.resource(Resources.pods).create('d', { metadata: { name: 'here' } })).metadata.name).toBe('here');
    expect(c.server).toBe(url);
  });

  it('streams watch events, throws ERROR events as StatusError, and stops cleanly on abort', async () => {
    const { url, seen } = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const ev = (type: string, object: unknown) => res.write(JSON.stringify({ type, object }) + '\n');
      if (req.url.includes('resourceVersion=1')) {
        ev('ERROR', { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 410, reason: 'Expired', message: 'too old' });
        return res.end();
      }
      // Split one event over two writes to check incremental decoding.
      const line = JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } }) + '\n';
      res.write(line.slice(0, 10));
      res.write(line.slice(10));
      ev('BOOKMARK', { metadata: { resourceVersion: '9' } });
    });
    const pods = client([url]).resource(Resources.pods);
    const ctl = new AbortController();
    const got: string[] = [];
    for await (const ev of pods.watch('d', { signal: ctl.signal, allowWatchBookmarks: true })) {
      got.push(ev.type);
      if (got.length === 2) ctl.abort();
    }
    expect(got).toEqual(['ADDED', 'BOOKMARK']);
    expect(seen[0].url).toBe('/api/v1/namespaces/d/pods?allowWatchBookmarks=true&watch=true');
    const gone = async () => {
      for await (const _ of pods.watch('d', { resourceVersion: '1' })) void _;
    };
    await expect(gone()).rejects.toSatisfy(isGone);
  });
});
