/**
 * Client benchmark (issue 3), one run, side by side:
 *   - informer event throughput: MODIFIED events/s decoded from a real HTTP watch stream and
 *     applied to the store (handlers called), against the ceiling of merely splitting and
 *     JSON.parse-ing the same bytes in a loop (ratio = informer / raw decode);
 *   - memory per 10k cached pods: heap growth after an informer synced a 10k-pod list, against
 *     the heap of the same 10k pod objects held in a plain array (ratio = overhead of the store).
 * Each is also measured for @kubernetes/client-node's informer on the same bytes (ratio skiff/k8s).
 * The "API server" is a local node:http server replaying prepared bytes, so the client is measured
 * alone. Run: node bench/client/informer-bench.ts [--events=100000] [--pods=10000]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Resources } from '../../api/resources.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { createClient } from '../../client/rest-client.ts';
import { createInformer } from '../../client/informer.ts';
import * as k8s from '@kubernetes/client-node';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const events = flag('events', 100_000);
const pods = flag('pods', 10_000);

const pod = (i: number, rv: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, namespace: `ns-${i % 10}`, uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, resourceVersion: String(rv), labels: { app: `app-${i % 50}`, tier: 'web' }, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { nodeName: `node-${i % 100}`, containers: [{ name: 'web', image: 'registry.local/bench/web:1.0', ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  status: { phase: 'Running', podIP: `10.244.${i % 250}.${i % 200}`, conditions: [{ type: 'Ready', status: 'True' }] },
});

const listBody = (n: number) => JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: String(n) }, items: Array.from({ length: n }, (_, i) => pod(i, i + 1)) });

function serve(listPods: number, watchBytes: Buffer): Promise<{ url: string; close: () => void }> {
  const list = listBody(listPods);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (!req.url?.includes('watch=true')) return res.end(list);
    // One replay per watch; later watches stay open and quiet.
    if (watchBytes.length) res.write(watchBytes);
    watchBytes = Buffer.alloc(0);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => (server.closeAllConnections(), server.close()) }),
    ),
  );
}

const base = 1000;
const watchBytes = () => Buffer.from(Array.from({ length: events }, (_, k) => JSON.stringify({ type: 'MODIFIED', object: pod(k % base, base + k + 1) }) + '\n').join(''));

/** kubeInformer starts @kubernetes/client-node's pod informer against url. */
async function kubeInformer(url: string, onUpdate: () => void): Promise<k8s.Informer<k8s.V1Pod> & k8s.ObjectCache<k8s.V1Pod>> {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: url, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const inf = k8s.makeInformer(kc, '/api/v1/pods', () => api.listPodForAllNamespaces());
  inf.on('update', onUpdate);
  await inf.start();
  return inf;
}

async function throughputKube(): Promise<number> {
  const srv = await serve(base, watchBytes());
  let updates = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const t0 = performance.now();
  const inf = await kubeInformer(srv.url, () => ++updates === events && done());
  await finished;
  const rate = events / ((performance.now() - t0) / 1000);
  await inf.stop();
  srv.close();
  return rate;
}

async function memoryKube(): Promise<number> {
  const srv = await serve(pods, Buffer.alloc(0));
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const inf = await kubeInformer(srv.url, () => {});
  while (inf.list().length < pods) await new Promise((r) => setTimeout(r, 10));
  gc();
  gc();
  const perTenK = ((process.memoryUsage().heapUsed - before) / pods) * 10_000;
  await inf.stop();
  srv.close();
  return perTenK;
}

async function throughput(): Promise<{ informer: number; raw: number }> {
  const bytes = watchBytes();
  let t0 = performance.now();
  let parsed = 0;
  for (const l of bytes.toString().split('\n')) if (l) parsed += JSON.parse(l).type === 'MODIFIED' ? 1 : 0;
  const raw = parsed / ((performance.now() - t0) / 1000);

  const srv = await serve(base, bytes);
  const client = createClient({ servers: [srv.url], qps: 1000, burst: 1000 });
  const inf = createInformer<KubeObject>(client, Resources.pods, { pageSize: 0 });
  let updates = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  inf.addEventHandler({ update: () => ++updates === events && done() });
  const ctl = new AbortController();
  t0 = performance.now();
  const running = inf.run(ctl.signal);
  await finished;
  const informer = events / ((performance.now() - t0) / 1000);
  ctl.abort();
  await running;
  await client.close();
  srv.close();
  return { informer, raw };
}

async function memory(): Promise<{ perTenK: number; plainPerTenK: number }> {
  const srv = await serve(pods, Buffer.alloc(0));
  const client = createClient({ servers: [srv.url], qps: 1000, burst: 1000 });
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const inf = createInformer<KubeObject>(client, Resources.pods, { pageSize: 0 });
  inf.addIndexer('node', (p) => [(p as KubeObject & { spec: { nodeName: string } }).spec.nodeName]);
  const ctl = new AbortController();
  const running = inf.run(ctl.signal);
  while (!inf.hasSynced()) await new Promise((r) => setTimeout(r, 10));
  gc();
  gc();
  const perTenK = ((process.memoryUsage().heapUsed - before) / pods) * 10_000;
  ctl.abort();
  await running;
  await client.close();
  srv.close();
  const body = listBody(pods);
  gc();
  gc();
  const base = process.memoryUsage().heapUsed;
  // The same bytes decoded the same way, kept in a plain array: the floor any cache pays.
  const plain = JSON.parse(body).items as unknown[];
  gc();
  gc();
  const plainPerTenK = ((process.memoryUsage().heapUsed - base) / pods) * 10_000;
  void plain.length;
  return { perTenK, plainPerTenK };
}

const t = await throughput();
const tk = await throughputKube();
console.log(`informer watch throughput: ${Math.round(t.informer)} events/s applied to the store (${events} MODIFIED pod events over HTTP)`);
console.log(`raw NDJSON decode ceiling: ${Math.round(t.raw)} events/s   ratio informer/raw = ${(t.informer / t.raw).toFixed(2)}`);
console.log(`@kubernetes/client-node informer: ${Math.round(tk)} events/s   ratio skiff/client-node = ${(t.informer / tk).toFixed(2)}`);
const m = await memory();
const mk = await memoryKube();
const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
console.log(`memory per 10k cached pods: ${mib(m.perTenK)} MiB (store + namespace and node indexes)`);
console.log(`same pods in a plain array: ${mib(m.plainPerTenK)} MiB   ratio informer/plain = ${(m.perTenK / m.plainPerTenK).toFixed(2)}`);
console.log(`@kubernetes/client-node cache: ${mib(mk)} MiB   ratio skiff/client-node = ${(m.perTenK / mk).toFixed(2)}`);
