import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { badInputCases, SEED } from './bad-input-cases.ts';
import { rawRequest } from './raw-http.ts';
import { isGenericDefinition } from './registry/definitions.ts';

let s: TestApiServer;
beforeAll(async () => {
  s = await startTestApiServer();
});
afterAll(async () => {
  await s?.stop();
});

const CM = '/api/v1/namespaces/default/configmaps';
const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
  const res = await rawRequest(s.url, method, path, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': contentType });
  return { ...res, json: () => JSON.parse(res.body) };
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last error: ${String(last)}`);
}

describe('API server on a real etcd', () => {
  it('creates the system namespaces and the kubernetes service', async () => {
    const ns = (await call('GET', '/api/v1/namespaces')).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(ns).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    const svc = (await call('GET', '/api/v1/namespaces/default/services/kubernetes')).json();
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
    const ep = (await call('GET', '/api/v1/namespaces/default/endpoints/kubernetes')).json();
    expect(ep.subsets[0]).toMatchObject({ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: s.server.port }] });
  });

  it('resourceVersion is the etcd mod revision and watches stream from the watch cache', async () => {
    const created = (await call('POST', CM, { metadata: { name: 'w1' }, data: {} })).json();
    const rev = await s.server.ctx.storage.currentRevision();
    expect(Number(created.metadata.resourceVersion)).toBe(rev);
    const ac = new AbortController();
    const res = await fetch(`${s.url}${CM}?watch=true&resourceVersion=${created.metadata.resourceVersion}`, { signal: ac.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await call('PATCH', `${CM}/w1`, { data: { k: 'v' } }, 'application/merge-patch+json');
    let text = '';
    while (!text.includes('\n')) text += (await reader.read()).value ?? '';
    const ev = JSON.parse(text.split('\n')[0]);
    expect(ev).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'w1' }, data: { k: 'v' } } });
    ac.abort();
  });

  it('answers a compacted watch resourceVersion with 410 Gone', async () => {
    // Secrets have no watch cache yet, so the watch must go back to etcd's (compacted) history.
    const SEC = '/api/v1/namespaces/default/secrets';
    const a = (await call('POST', SEC, { metadata: { name: 'old' }, data: {} })).json();
    await call('PATCH', `${SEC}/old`, { data: { x: 'MQ==' } }, 'application/merge-patch+json');
    await s.server.ctx.storage.compact(await s.server.ctx.storage.currentRevision());
    const res = await call('GET', `${SEC}?watch=true&timeoutSeconds=5&resourceVersion=${Number(a.metadata.resourceVersion) - 1}`);
    const last = JSON.parse(res.body.trim().split("\n").at(-1) || JSON.stringify({ status: res.status, body: res.body }));
    expect(last).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410 } });
  });

  it('loses no update under N parallel read-modify-write loops', async () => {
    await call('POST', CM, { metadata: { name: 'counter' }, data: { n: '0' } });
    let successes = 0;
    const loop = async () => {
      for (let i = 0; i < 10; i++) {
        for (;;) {
          const cur = (await call('GET', `${CM}/counter`)).json();
          cur.data.n = String(Number(cur.data.n) + 1);
          const res = await call('PUT', `${CM}/counter`, cur);
          if (res.status === 200) {
            successes++;
            break;
          }
          expect(res.status).toBe(409);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, loop));
    const final = (await call('GET', `${CM}/counter`)).json();
    expect(Number(final.data.n)).toBe(successes);
    expect(successes).toBe(80);
  });

  describe('bad input leaves etcd unchanged', () => {
    let stale = '';
    beforeAll(async () => {
      stale = (await call('POST', SEED.url, SEED.body)).json().metadata.resourceVersion;
      await call('PATCH', `${SEED.url}/seed`, { data: { a: '2' } }, 'application/merge-patch+json');
    });
    it.each(badInputCases('1').map((c) => [c.name, c.name] as const))('%s', async (_n, name) => {
      const c = badInputCases(stale).find((x) => x.name === name)!;
      if (c.needsKinds && isGenericDefinition(s.server.ctx.scopeFor('apps', 'deployments')!.def)) return;
      const before = await s.server.ctx.storage.currentRevision();
      const res = await call(c.method, c.url, c.body, c.contentType ?? 'application/json');
      expect(res.status, res.body.slice(0, 300)).toBe(c.code);
      expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', code: c.code });
      expect(await s.server.ctx.storage.currentRevision()).toBe(before);
    });
  });

  it('warns about unknown fields under fieldValidation=Warn', async () => {
    if (isGenericDefinition(s.server.ctx.scopeFor('', 'configmaps')!.def)) return;
    const res = await call('POST', `${CM}?fieldValidation=Warn`, { metadata: { name: 'warned' }, spec: { foo: 1 }, data: {} });
    expect(res.status).toBe(201);
    expect(String(res.headers.warning)).toContain('unknown field \\"spec\\"');
  });

  it('reports not ready while etcd is down and recovers', async () => {
    const own = await startTestApiServer();
    try {
      expect((await rawRequest(own.url, 'GET', '/readyz')).status).toBe(200);
      await own.etcd!.killMember(0);
      await waitFor('readyz 503', async () => ((await rawRequest(own.url, 'GET', '/readyz')).status === 503 ? true : undefined));
      const res = await rawRequest(own.url, 'GET', CM);
      expect(res.status).toBe(503);
      await own.etcd!.restartMember(0);
      await waitFor('readyz 200', async () => ((await rawRequest(own.url, 'GET', '/readyz')).status === 200 ? true : undefined), 30_000);
    } finally {
      await own.stop();
    }
  });
});
