import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { startEtcd, type EtcdCluster } from '../testing/etcd.ts';
import { rawRequest } from './raw-http.ts';

let etcd: EtcdCluster;
let a: TestApiServer;
let b: TestApiServer;
beforeAll(async () => {
  etcd = await startEtcd({ members: 3 });
  [a, b] = await Promise.all([startTestApiServer({ etcdEndpoints: etcd.endpoints }), startTestApiServer({ etcdEndpoints: etcd.endpoints })]);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await etcd?.stop();
});

const call = async (s: TestApiServer, method: string, path: string, body?: unknown) => {
  const res = await rawRequest(s.url, method, path, body === undefined ? undefined : JSON.stringify(body));
  return { status: res.status, json: () => JSON.parse(res.body) };
};

describe('two API servers on a 3-member etcd', () => {
  it('both bootstrap the same system objects once', async () => {
    const ns = (await call(b, 'GET', '/api/v1/namespaces')).json().items;
    expect(ns.filter((n: { metadata: { name: string } }) => n.metadata.name === 'default')).toHaveLength(1);
    expect((await call(a, 'GET', '/api/v1/namespaces/default/services/kubernetes')).status).toBe(200);
  });

  it('a write through one is read and watched through the other', async () => {
    const ac = new AbortController();
    const watch = await fetch(`${b.url}/api/v1/namespaces/default/configmaps?watch=true`, { signal: ac.signal });
    const reader = watch.body!.pipeThrough(new TextDecoderStream()).getReader();
    const created = await call(a, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'ha' }, data: {} });
    expect(created.status).toBe(201);
    expect((await call(b, 'GET', '/api/v1/namespaces/default/configmaps/ha')).json().metadata.uid).toBe(created.json().metadata.uid);
    let text = '';
    while (!text.includes('"ha"')) text += (await reader.read()).value ?? '';
    ac.abort();
  });

  it('allocates distinct clusterIPs and nodePorts across servers under concurrency', async () => {
    const creates = Array.from({ length: 20 }, (_, i) =>
      call(i % 2 ? a : b, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: `s${i}` }, spec: { type: 'NodePort', ports: [{ port: 80 }] } }),
    );
    const res = await Promise.all(creates);
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ips = res.map((r) => r.json().spec.clusterIP);
    const ports = res.map((r) => r.json().spec.ports[0].nodePort);
    expect(new Set(ips).size).toBe(20);
    expect(new Set(ports).size).toBe(20);
  });

  it('keeps accepting writes when the etcd leader dies', async () => {
    const leader = await etcd.leaderIndex();
    await etcd.killMember(leader);
    try {
      const deadline = Date.now() + 30_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await call(a, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after-failover' }, data: {} })).status;
        if (status === 201 || status === 409) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect([201, 409]).toContain(status);
      expect((await call(b, 'GET', '/api/v1/namespaces/default/configmaps/after-failover')).status).toBe(200);
    } finally {
      await etcd.restartMember(leader);
    }
  });
});
