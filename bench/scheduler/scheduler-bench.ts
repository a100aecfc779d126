/**
 * Scheduler throughput benchmark with hollow nodes (kubemark's idea: Node objects plus a fake
 * Lease heartbeat, no containers). etcd, the API server (apiserver/main.ts), the scheduler
 * (scheduler/main.ts) and the binding writer each run as their own process. For each scenario
 * it prints, from one run on one API server:
 *   - the API server's raw binding-write ceiling: pre-created pods bound by direct POSTs from a
 *     separate process at the scheduler's concurrency (64), measured before and after the
 *     scheduler runs, the higher kept (the machine is shared);
 *   - the scheduler on a pre-created backlog: pods/s from the first to the last bound;
 *   - the scheduler with pods being created meanwhile: pods/s from the first create to the last
 *     bound (the issue's "creation to bound");
 *   - each as a ratio to the ceiling;
 *   - the raw ceiling of that last scenario: the same creates with a process that binds each pod
 *     as its watch shows it, round-robin, no scheduling (watch-binder.ts) — before and after the
 *     scheduler, the higher kept — and the scheduler's created→bound as a ratio to it. Creates and
 *     bindings share the API server there, so this is the like-for-like ceiling.
 * The scheduler runs with --kube-api-qps/--kube-api-burst of 5000 (Kubernetes' scheduler_perf sets
 * its clients the same way): its default client limit, 500 requests/s for bindings and events
 * together, would otherwise be what is measured, while the ceiling's writer is not throttled.
 *
 *   node bench/scheduler/scheduler-bench.ts [--scenarios=100x1000,500x5000] [--concurrency=64] [--kube-api-qps=5000]
 */
import { parseArgs, promisify } from 'node:util';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { startControlPlane, startNode } from './processes.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../../client/shared-informer-factory.ts';
import type { Client } from '../../client/types.ts';
import { Resources } from '../../api/resources.ts';
import type { Pod } from '../../scheduler/api-types.ts';
import { makeNode, makePod } from '../../scheduler/testutil/builders.ts';
import { createReadyNode, runLimited, waitFor } from '../../scheduler/testutil/cluster.ts';
import { startHollowHeartbeats } from './hollow-nodes.ts';

const { values } = parseArgs({ options: { scenarios: { type: 'string', default: '100x1000,500x5000' }, concurrency: { type: 'string', default: '64' }, 'kube-api-qps': { type: 'string', default: '5000' } } });
const concurrency = Number(values.concurrency);
const schedulerQps = values['kube-api-qps'];
const run = promisify(execFile);

function benchPod(name: string, ns: string, schedulerName: string): Pod {
  const p = makePod(name, { namespace: ns, cpu: '10m', memory: '16Mi', schedulerName });
  return { ...p, metadata: { ...p.metadata, uid: undefined } };
}

async function createPods(client: Client, ns: string, n: number, schedulerName: string): Promise<number> {
  const pods = client.resource<Pod>(Resources.pods);
  const t0 = performance.now();
  await runLimited([...Array(n).keys()], concurrency, (i) => pods.create(ns, benchPod(`p-${i}`, ns, schedulerName)));
  return (n * 1000) / (performance.now() - t0);
}

/** bindingCeiling binds n pre-created pods (namespace ns) with direct POSTs: the most binding writes/s the server takes. */
async function bindingCeiling(client: Client, kubeconfig: string, nodeCount: number, n: number, ns: string): Promise<{ creates: number; binds: number }> {
  await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const creates = await createPods(client, ns, n, 'nobody');
  // The binder is its own process, like the scheduler, so both meet the server on equal terms.
  const { stdout } = await run(process.execPath, ['bench/scheduler/bind-writer.ts', kubeconfig, ns, String(n), String(concurrency), 'hollow-', String(nodeCount)]);
  return { creates, binds: (JSON.parse(stdout) as { bindsPerSec: number }).bindsPerSec };
}

/**
 * rawCreatedToBound creates n pods (namespace ns) while watch-binder.ts binds each as it appears:
 * pods/s from the first create to the last bound with no scheduler in the way.
 */
async function rawCreatedToBound(client: Client, kubeconfig: string, nodeCount: number, n: number, ns: string, signal: AbortSignal): Promise<number> {
  await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const bound = await boundCounter(client, ns, signal);
  const binder = spawn(process.execPath, ['bench/scheduler/watch-binder.ts', kubeconfig, ns, String(n), String(concurrency), 'hollow-', String(nodeCount)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(binder, 'exit');
  try {
    await once(binder.stdout, 'data');
    const t0 = performance.now();
    await createPods(client, ns, n, 'nobody');
    await waitFor(`all ${n} pods bound by the watch-binder`, async () => (bound.count() === n ? true : undefined), 600_000, 50);
    return (n * 1000) / (bound.last() - t0);
  } finally {
    binder.kill();
    await exited;
  }
}

function startScheduler(kubeconfig: string): { stop: () => Promise<void> } {
  const prof = process.env.SCHED_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SCHED_BENCH_PROF}`] : [];
  return startNode(['scheduler/main.ts', `--kubeconfig=${kubeconfig}`, '--port=0', '--bind-address=127.0.0.1', `--kube-api-qps=${schedulerQps}`, `--kube-api-burst=${schedulerQps}`], prof);
}

/** scheduledThroughput creates n pods with the scheduler running; pods/s from first create to last bound. */
async function scheduledThroughput(client: Client, n: number, signal: AbortSignal): Promise<{ podsPerSec: number; createsPerSec: number }> {
  const ns = 'sched';
  await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const bound = await boundCounter(client, ns, signal);
  const t0 = performance.now();
  const createsPerSec = await createPods(client, ns, n, 'default-scheduler');
  await waitFor(`all ${n} pods bound`, async () => (bound.count() === n ? true : undefined), 600_000, 50);
  return { podsPerSec: (n * 1000) / (bound.last() - t0), createsPerSec };
}

/** backlogThroughput pre-creates n pods, then starts the scheduler: pods/s from the first to the last bound (process start-up excluded, reported apart). */
async function backlogThroughput(client: Client, kubeconfig: string, n: number, signal: AbortSignal): Promise<{ podsPerSec: number; startup: number; stop: () => Promise<void> }> {
  const ns = 'backlog';
  await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const bound = await boundCounter(client, ns, signal);
  await createPods(client, ns, n, 'default-scheduler');
  const t0 = performance.now();
  const sched = startScheduler(kubeconfig);
  await waitFor(`all ${n} backlog pods bound`, async () => (bound.count() === n ? true : undefined), 600_000, 50);
  return { podsPerSec: (n * 1000) / (bound.last() - bound.first()), startup: (bound.first() - t0) / 1000, stop: sched.stop };
}

async function boundCounter(client: Client, ns: string, signal: AbortSignal): Promise<{ count: () => number; first: () => number; last: () => number }> {
  const factory = createSharedInformerFactory(client);
  const informer = factory.informerFor<Pod>(Resources.pods, { namespace: ns });
  const bound = new Set<string>();
  let lastBound = 0;
  let firstBound = 0;
  const seen = (p: Pod) => {
    if (p.spec?.nodeName && !bound.has(p.metadata.name!)) {
      bound.add(p.metadata.name!);
      lastBound = performance.now();
      firstBound ||= lastBound;
    }
  };
  informer.addEventHandler({ add: seen, update: (_o: Pod, p: Pod) => seen(p) });
  factory.start(signal);
  await factory.waitForCacheSync(signal);
  return { count: () => bound.size, first: () => firstBound, last: () => lastBound };
}

async function scenario(nodeCount: number, podCount: number): Promise<string[]> {
  const api = await startControlPlane();
  const client = clientFromKubeconfig(api.kubeconfigPath, 'scheduler-bench', { qps: 1e6, burst: 1e6 });
  const stop = new AbortController();
  let sched: { stop: () => Promise<void> } | undefined;
  let heartbeats: { stop: () => void } | undefined;
  try {
    const names = [...Array(nodeCount).keys()].map((i) => `hollow-${i}`);
    await runLimited(names, 32, (name) => createReadyNode(client, makeNode(name, { cpu: '32', memory: '128Gi', pods: '110' })));
    heartbeats = await startHollowHeartbeats(client, names);
    // The machine is shared: measure the ceiling before and after the scheduler runs, keep the higher.
    const before = await bindingCeiling(client, api.kubeconfigPath, nodeCount, podCount / 2, 'ceiling-before');
    const rawBefore = await rawCreatedToBound(client, api.kubeconfigPath, nodeCount, podCount, 'raw-before', stop.signal);
    const backlog = await backlogThroughput(client, api.kubeconfigPath, podCount, stop.signal);
    sched = backlog;
    const run = await scheduledThroughput(client, podCount, stop.signal);
    await sched.stop();
    const after = await bindingCeiling(client, api.kubeconfigPath, nodeCount, podCount / 2, 'ceiling-after');
    const rawAfter = await rawCreatedToBound(client, api.kubeconfigPath, nodeCount, podCount, 'raw-after', stop.signal);
    const ceiling = before.binds >= after.binds ? before : after;
    const rawCeiling = Math.max(rawBefore, rawAfter);
    const f = (x: number, d = 0) => x.toFixed(d).padStart(6);
    return [
      `${nodeCount} nodes, ${podCount} pods:`,
      `  API server binding-write ceiling        ${f(ceiling.binds)} bindings/s   (pod creates alone: ${ceiling.creates.toFixed(0)}/s)`,
      `  scheduler on a pre-created backlog      ${f(backlog.podsPerSec)} pods/s       ratio to ceiling ${f(backlog.podsPerSec / ceiling.binds, 2)}  (first→last bound; start-up ${backlog.startup.toFixed(1)} s)`,
      `  scheduler created→bound                 ${f(run.podsPerSec)} pods/s       ratio to ceiling ${f(run.podsPerSec / ceiling.binds, 2)}  (creates ${run.createsPerSec.toFixed(0)}/s meanwhile)`,
      `  raw created→bound (watch + bind)        ${f(rawCeiling)} pods/s       scheduler created→bound ÷ raw ${f(run.podsPerSec / rawCeiling, 2)}`,
    ];
  } finally {
    stop.abort();
    heartbeats?.stop();
    await sched?.stop();
    await client.close();
    await api.stop();
  }
}

const lines: string[] = [];
for (const s of values.scenarios!.split(',')) {
  const [n, p] = s.split('x').map(Number);
  lines.push(...(await scenario(n, p)));
  console.log(lines.slice(-5).join('\n'));
}
console.log(`\nsummary (scheduler --kube-api-qps=${schedulerQps}, ${concurrency} bindings in flight)\n` + lines.join('\n'));
process.exit(0);
