import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';
import type { Summary } from './summary.ts';

/** FakeKubelet serves a canned /stats/summary on a real loopback socket and counts the requests. */
class FakeKubelet {
  hits = 0;
  summary: Summary;
  readonly server: http.Server;
  constructor(summary: Summary) {
    this.summary = summary;
    this.server = http.createServer((req, res) => {
      this.hits++;
      if (req.url !== '/stats/summary') return res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.summary));
    });
  }
  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return (this.server.address() as AddressInfo).port;
  }
  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

const T = '2026-12-07T03:00:00Z';
const cpu = (nanoCores: number) => ({ time: T, usageNanoCores: nanoCores, usageCoreNanoSeconds: nanoCores * 100 });
const mem = (bytes: number) => ({ time: T, workingSetBytes: bytes, usageBytes: bytes * 2 });

function summaryFor(node: string, pods: Array<{ name: string; uid: string; containers: Array<[string, number, number]> }>): Summary {
  return {
    node: { nodeName: node, cpu: cpu(250_000_000), memory: { ...mem(2 * 1024 * 1024), availableBytes: 1 } },
    pods: pods.map((p) => ({ podRef: { name: p.name, namespace: 'default', uid: p.uid }, containers: p.containers.map(([name, c, m]) => ({ name, cpu: cpu(c), memory: mem(m) })) })),
  };
}

describe('metrics.k8s.io/v1beta1', () => {
  let t: TestApp;
  const kubelets: FakeKubelet[] = [];

  async function addNode(name: string, port: number): Promise<void> {
    expect((await t.call('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { zone: name === 'n1' ? 'a' : 'b' } } })).statusCode).toBe(201);
    const node = JSON.parse((await t.call('GET', `/api/v1/nodes/${name}`)).body);
    node.status = { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } };
    expect((await t.call('PUT', `/api/v1/nodes/${name}/status`, node)).statusCode).toBe(200);
  }

  async function addPod(name: string, node: string, labels: Record<string, string>): Promise<string> {
    const res = await t.call('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }] } });
    expect(res.statusCode).toBe(201);
    return JSON.parse(res.body).metadata.uid;
  }

  async function kubelet(summary: Summary): Promise<number> {
    const k = new FakeKubelet(summary);
    kubelets.push(k);
    return k.listen();
  }

  beforeEach(async () => {
    t = await newTestApp();
  });

  afterEach(async () => {
    await t.close();
    await Promise.all(kubelets.splice(0).map((k) => k.close()));
  });

  it('is listed in discovery with read-only nodes and pods', async () => {
    const groups = JSON.parse((await t.call('GET', '/apis')).body).groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('metrics.k8s.io');
    expect(JSON.parse((await t.call('GET', '/apis/metrics.k8s.io')).body).preferredVersion.version).toBe('v1beta1');
    const list = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1')).body);
    expect(list.resources.map((r: { name: string; kind: string; verbs: string[] }) => [r.name, r.kind, r.verbs.join(',')])).toEqual([['nodes', 'NodeMetrics', 'get,list'], ['pods', 'PodMetrics', 'get,list']]);
  });

  it('serves NodeMetrics from each kubelet, with the node labels and a label selector', async () => {
    await addNode('n1', await kubelet(summaryFor('n1', [])));
    await addNode('n2', await kubelet({ ...summaryFor('n2', []), node: { nodeName: 'n2', cpu: cpu(1_500_000_000), memory: mem(1000) } }));
    const list = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes')).body);
    expect(list.kind).toBe('NodeMetricsList');
    expect(list.items.map((m: { metadata: { name: string }; usage: unknown }) => [m.metadata.name, m.usage])).toEqual([
      ['n1', { cpu: '250000000n', memory: '2048Ki' }],
      ['n2', { cpu: '1500000000n', memory: '1000' }],
    ]);
    const one = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=zone%3Db')).body);
    expect(one.items.map((m: { metadata: { name: string; labels: unknown } }) => [m.metadata.name, m.metadata.labels])).toEqual([['n2', { zone: 'b' }]]);
    const got = await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n1');
    expect(got.statusCode).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1', timestamp: T, window: '1s' });
  });

  it('serves PodMetrics of the pods that exist, joined by uid, filtered by namespace and labels', async () => {
    const k = new FakeKubelet(summaryFor('n1', []));
    kubelets.push(k);
    await addNode('n1', await k.listen());
    const web = await addPod('web', 'n1', { app: 'web' });
    const db = await addPod('db', 'n1', { app: 'db' });
    await addPod('idle', 'n1', { app: 'web' }); // no running container: no metrics
    k.summary = summaryFor('n1', [
      { name: 'web', uid: web, containers: [['app', 5_000_000, 4096], ['sidecar', 1_000_000, 2048]] },
      { name: 'db', uid: db, containers: [['app', 7_000_000, 8192]] },
      { name: 'gone', uid: 'deleted-pod-uid', containers: [['app', 1, 1024]] },
    ]);
    const list = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb')).body);
    expect(list.kind).toBe('PodMetricsList');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, containers: [{ name: 'app', usage: { cpu: '5000000n', memory: '4Ki' } }, { name: 'sidecar', usage: { cpu: '1000000n', memory: '2Ki' } }] });
    const all = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/pods')).body);
    expect(all.items.map((m: { metadata: { name: string } }) => m.metadata.name).sort()).toEqual(['db', 'web']);
    expect(JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/other/pods')).body).items).toEqual([]);
    expect(JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/db')).body).containers[0].usage.cpu).toBe('7000000n');
    const idle = await t.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/idle');
    expect([idle.statusCode, JSON.parse(idle.body).reason, JSON.parse(idle.body).message]).toEqual([404, 'NotFound', 'pods.metrics.k8s.io "idle" not found']);
    expect((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nosuch')).statusCode).toBe(404);
  });

  it('answers kubectl get with metrics-server\'s columns', async () => {
    const k = new FakeKubelet(summaryFor('n1', []));
    kubelets.push(k);
    await addNode('n1', await k.listen());
    const web = await addPod('web', 'n1', { app: 'web' });
    k.summary = summaryFor('n1', [{ name: 'web', uid: web, containers: [['app', 5_000_000, 4096], ['sidecar', 1_000_000, 2048]] }]);
    const accept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
    const pods = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods', undefined, accept)).body);
    expect(pods.kind).toBe('Table');
    expect(pods.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'CPU', 'Memory', 'Window']);
    expect(pods.rows.map((r: { cells: unknown[] }) => r.cells)).toEqual([['web', '6000000n', '6Ki', '1s']]);
    const node = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n1', undefined, accept)).body);
    expect(node.rows.map((r: { cells: unknown[] }) => r.cells)).toEqual([['n1', '250000000n', '2048Ki', '1s']]);
  });

  it('asks each kubelet once per resolution window, however many requests come', async () => {
    const k = new FakeKubelet(summaryFor('n1', []));
    kubelets.push(k);
    await addNode('n1', await k.listen());
    await Promise.all([1, 2, 3].map(() => t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes')));
    await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n1');
    expect(k.hits).toBe(1);
  });

  it('leaves out an unreachable node from lists and answers 503 naming it for a get', async () => {
    await addNode('n1', await kubelet(summaryFor('n1', [])));
    const dead = new FakeKubelet(summaryFor('n2', []));
    const deadPort = await dead.listen();
    await dead.close();
    await addNode('n2', deadPort);
    const list = JSON.parse((await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes')).body);
    expect(list.items.map((m: { metadata: { name: string } }) => m.metadata.name)).toEqual(['n1']);
    const got = await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n2');
    expect(got.statusCode).toBe(503);
    expect(JSON.parse(got.body).message).toMatch(/unable to fetch metrics from node n2: kubelet 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    const only = await t.call('GET', '/apis/metrics.k8s.io/v1beta1/nodes?fieldSelector=metadata.name%3Dn2');
    expect(only.statusCode).toBe(503);
  });

  it('refuses watch and bad selectors with a Status', async () => {
    const w = await t.call('GET', '/apis/metrics.k8s.io/v1beta1/pods?watch=true');
    expect([w.statusCode, JSON.parse(w.body).kind]).toEqual([405, 'Status']);
    const bad = await t.call('GET', '/apis/metrics.k8s.io/v1beta1/pods?labelSelector=%3D%3D');
    expect([bad.statusCode, JSON.parse(bad.body).kind]).toEqual([400, 'Status']);
    const post = await t.call('POST', '/apis/metrics.k8s.io/v1beta1/pods', {});
    expect(post.statusCode).toBeGreaterThanOrEqual(400);
    expect(post.statusCode).toBeLessThan(500);
  });
});
