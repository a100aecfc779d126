/**
 * Scheduler throughput benchmark with hollow nodes (kubemark's idea: Node objects plus a fake
 * Lease heartbeat, no containers). For each scenario it prints, from one run on one API server:
 *   - the API server's raw binding-write ceiling (pre-created pods bound by direct POSTs),
 *   - pods/s from creation to bound with the real scheduler process (scheduler/main.ts),
 *   - their ratio.
 *
 *   node bench/scheduler/scheduler-bench.ts [--scenarios=100x1000,500x5000] [--concurrency=64]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startTestApiServer } from '../../testing/apiserver.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../../client/shared-informer-factory.ts';
import type { Client } from '../../client/types.ts';
import { Resources } from '../../api/resources.ts';
import type { Pod } from '../../scheduler/api-types.ts';
import { makeNode, makePod } from '../../scheduler/testutil/builders.ts';
import { createReadyNode, runLimited, waitFor } from '../../scheduler/testutil/cluster.ts';
import { startHollowHeartbeats } from './hollow-nodes.ts';

const { values } = parseArgs({ options: { scenarios: { type: 'string', default: '100x1000,500x5000' }, concurrency: { type: 'string', default: '64' } } });
const concurrency = Number(values.concurrency);

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

/** bindingCeiling binds pre-created pods with direct POSTs: the most binding writes/s the server takes. */
async function bindingCeiling(client: Client, nodes: string[], n: number): Promise<{ creates: number; binds: number }> {
  const ns = 'ceiling';
  await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const creates = await createPods(client, ns, n, 'nobody');
  const pods = client.resource<Pod>(Resources.pods);
  const t0 = performance.now();
  await runLimited([...Array(n).keys()], concurrency, (i) =>
    pods.createSubresource(ns, `p-${i}`, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: `p-${i}`, namespace: ns }, target: { apiVersion: 'v1', kind: 'Node', name: nodes[i % nodes.length] } }),
  );
  return { creates, binds: (n * 1000) / (performance.now() - t0) };
}

function startScheduler(kubeconfig: string): { stop: () => Promise<void> } {
  const child = spawn(process.execPath, ['scheduler/main.ts', `--kubeconfig=${kubeconfig}`, '--port=0', '--bind-address=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** scheduledThroughput creates n pods with the scheduler running; pods/s from first create to last bound. */
async function scheduledThroughput(client: Client, n: number, signal: AbortSignal): Promise<{ podsPerSec: number; createsPerSec: number }> {
  const ns = 'sched';
  await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const factory = createSharedInformerFactory(client);
  const informer = factory.informerFor<Pod>(Resources.pods, { namespace: ns });
  const bound = new Set<string>();
  let lastBound = 0;
  const seen = (p: Pod) => {
    if (p.spec?.nodeName && !bound.has(p.metadata.name!)) {
      bound.add(p.metadata.name!);
      lastBound = performance.now();
    }
  };
  informer.addEventHandler({ add: seen, update: (_o: Pod, p: Pod) => seen(p) });
  factory.start(signal);
  await factory.waitForCacheSync(signal);
  const t0 = performance.now();
  const createsPerSec = await createPods(client, ns, n, 'default-scheduler');
  await waitFor(`all ${n} pods bound (${bound.size} so far)`, async () => (bound.size === n ? true : undefined), 600_000, 50);
  return { podsPerSec: (n * 1000) / (lastBound - t0), createsPerSec };
}

async function scenario(nodeCount: number, podCount: number): Promise<string[]> {
  const api = await startTestApiServer();
  const client = clientFromKubeconfig(api.kubeconfigPath, 'scheduler-bench');
  const stop = new AbortController();
  let sched: { stop: () => Promise<void> } | undefined;
  let heartbeats: { stop: () => void } | undefined;
  try {
    const names = [...Array(nodeCount).keys()].map((i) => `hollow-${i}`);
    await runLimited(names, 32, (name) => createReadyNode(client, makeNode(name, { cpu: '32', memory: '128Gi', pods: '110' })));
    heartbeats = await startHollowHeartbeats(client, names);
    const ceiling = await bindingCeiling(client, names, podCount);
    sched = startScheduler(api.kubeconfigPath);
    const run = await scheduledThroughput(client, podCount, stop.signal);
    return [
      `${nodeCount} nodes, ${podCount} pods:`,
      `  API server binding-write ceiling     ${ceiling.binds.toFixed(0).padStart(6)} bindings/s  (pod creates ${ceiling.creates.toFixed(0)}/s)`,
      `  scheduler created→bound              ${run.podsPerSec.toFixed(0).padStart(6)} pods/s      (pod creates ${run.createsPerSec.toFixed(0)}/s while scheduling)`,
      `  ratio to binding ceiling             ${(run.podsPerSec / ceiling.binds).toFixed(2).padStart(6)}`,
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
  console.log(lines.slice(-4).join('\n'));
}
console.log('\nsummary\n' + lines.join('\n'));
process.exit(0);
