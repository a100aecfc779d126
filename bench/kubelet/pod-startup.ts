/**
 * Kubelet benchmark (not a test), printed side by side in one run on this machine:
 *  1. pod create → Running seen by a watch, p50/p99 over 50 pods (image present), against a
 *     raw create+start of the same image through the Docker API, and their ratio;
 *  2. the kubelet's idle RSS and CPU with 20 pods running.
 * Targets (issue 4): ratio ≤ 1.5 at p50, p99 ≤ 2 s; idle kubelet ≤ 80 MB RSS, ≤ 1% CPU.
 * Run: node bench/kubelet/pod-startup.ts [--pods=50] [--idle-pods=20] [--idle-seconds=30]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startTestApiServer } from '../../testing/apiserver.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../../client/shared-informer-factory.ts';
import { Resources } from '../../api/resources.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { createDockerRuntime } from '../../kubelet/runtime/docker-runtime.ts';
import { cleanupNode, randomSubnet } from '../../kubelet/testing/harness.ts';
import { testPod } from '../../kubelet/testing/pods.ts';

const { values } = parseArgs({ options: { pods: { type: 'string', default: '50' }, 'idle-pods': { type: 'string', default: '20' }, 'idle-seconds': { type: 'string', default: '30' } } });
const N = Number(values.pods), IDLE = Number(values['idle-pods']), IDLE_S = Number(values['idle-seconds']);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
const out = (line: string) => process.stderr.write(line + '\n');
const cmd = ['sleep', '3600'];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function rawDocker(n: number): Promise<number[]> {
  const rt = createDockerRuntime();
  const out: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const id = await rt.createContainer({ name: `skiff-bench-raw-${process.pid}-${i}`, image: 'skiff/busybox:latest', labels: { 'skiff.test': 'kubelet-bench' }, sandboxId: '', entrypoint: cmd, env: [], tty: false, stdin: false, stdinOnce: false, mounts: [] });
    await rt.start(id);
    out.push(performance.now() - t0);
    ids.push(id);
  }
  for (const id of ids) await rt.remove(id);
  return out;
}

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** memoryMB reads a process's RSS and PSS (PSS splits pages shared with other processes, such as the Node binary, among them). */
function memoryMB(pid: number): { rss: number; pss: number } {
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  return { rss: Number(rss?.[1] ?? 0) / 1024, pss: Number(pss?.[1] ?? 0) / 1024 };
}

const api = await startTestApiServer();
const client = clientFromKubeconfig(api.kubeconfigPath, 'bench');
const nodeName = `kb-${process.pid}`;
const rootDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-kubelet-bench-'));
const networkName = `skiff-${nodeName}`.slice(0, 15);
const kcDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-bench-kc-'));
writeFileSync(path.join(kcDir, 'kubeconfig'), readFileSync(api.kubeconfigPath));
const port = await freePort();
// The kubelet runs as deploy/ starts it: Node's compile cache (warmed by a first run that stops at
// an unknown flag, so the type stripper is not loaded), a 1 MB young generation, two malloc arenas
// and its flags from deploy/lib/node-flags.sh (the warm run too: they change the cache's key).
const kubeletMain = path.resolve(import.meta.dirname, '../../kubelet/main.ts');
const nodeFlagsSh = path.resolve(import.meta.dirname, '../../deploy/lib/node-flags.sh');
const kubeletFlags = spawnSync('bash', ['-c', 'source "$0" && node_flags kubelet', nodeFlagsSh], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean);
const kubeletEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'skiff-bench-compile-cache'), NODE_OPTIONS: '--max-semi-space-size=1', MALLOC_ARENA_MAX: '2' };
spawnSync(process.execPath, [...kubeletFlags, kubeletMain, '--warm-compile-cache'], { env: kubeletEnv, stdio: 'ignore' });
const kubelet = spawn(process.execPath, [...kubeletFlags, kubeletMain, `--kubeconfig=${path.join(kcDir, 'kubeconfig')}`, `--node-name=${nodeName}`,
  `--pod-cidr=${randomSubnet()}`, `--port=${port}`, '--address=127.0.0.1', '--node-ip=127.0.0.1', `--root-dir=${rootDir}`, `--network-name=${networkName}`, '--manage-host-network=false'],
  { stdio: ['ignore', 'inherit', 'inherit'], env: kubeletEnv });
const pods = client.resource<Pod>(Resources.pods);
try {
  // Wait for the node, then warm up (first sandbox, network).
  for (;;) {
    if (kubelet.exitCode !== null) throw new Error(`the kubelet exited (code ${kubelet.exitCode}) before registering its node`);
    const n = await client.resource(Resources.nodes).get(undefined, nodeName).catch(() => undefined);
    if (n) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const runningSeen = new Map<string, number>();
  const ac = new AbortController();
  const factory = createSharedInformerFactory(client);
  const informer = factory.informerFor<Pod>(Resources.pods, { fieldSelector: `spec.nodeName=${nodeName}` });
  const seen = (p: Pod) => {
    if (p.status?.phase === 'Running' && !runningSeen.has(p.metadata.name!)) runningSeen.set(p.metadata.name!, performance.now());
  };
  informer.addEventHandler({ add: seen, update: (_o, p) => seen(p) });
  factory.start(ac.signal);
  await factory.waitForCacheSync(ac.signal);
  const waitRunning = async (name: string) => { while (!runningSeen.has(name)) await new Promise((r) => setTimeout(r, 5)); return runningSeen.get(name)!; };
  await pods.create('default', testPod('warmup', nodeName, [{ name: 'main', command: cmd }], { terminationGracePeriodSeconds: 0 }));
  await waitRunning('warmup');

  const lat: number[] = [];
  for (let i = 0; i < N; i++) {
    const name = `bench-${i}`;
    const t0 = performance.now();
    await pods.create('default', testPod(name, nodeName, [{ name: 'main', command: cmd }], { terminationGracePeriodSeconds: 0 }));
    lat.push((await waitRunning(name)) - t0);
  }
  const raw = await rawDocker(N);
  const [p50, p99, r50, r99] = [pct(lat, 50), pct(lat, 99), pct(raw, 50), pct(raw, 99)];
  out(`pod create → Running (watch), ${N} pods:  p50 ${ms(p50)}  p99 ${ms(p99)}`);
  out(`raw Docker create+start, ${N} containers: p50 ${ms(r50)}  p99 ${ms(r99)}`);
  out(`ratio p50 ${(p50 / r50).toFixed(2)} (target ≤ 1.5), p99 ${ms(p99)} (target ≤ 2000 ms)`);

  // Idle: keep IDLE pods, delete the rest, then sample the kubelet.
  for (let i = IDLE; i < N; i++) await pods.delete('default', `bench-${i}`);
  await pods.delete('default', 'warmup');
  await new Promise((r) => setTimeout(r, 10_000));
  const c0 = cpuTicks(kubelet.pid!);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const cpu = ((cpuTicks(kubelet.pid!) - c0) / 100) / ((Date.now() - t0) / 1000) * 100;
  const mem = memoryMB(kubelet.pid!);
  out(`idle kubelet with ${IDLE} pods over ${IDLE_S}s: RSS ${mem.rss.toFixed(1)} MB (target ≤ 80), PSS ${mem.pss.toFixed(1)} MB, CPU ${cpu.toFixed(2)}% (target ≤ 1%)`);
  ac.abort();
} finally {
  kubelet.kill('SIGTERM');
  await new Promise((r) => kubelet.once('exit', r));
  await cleanupNode({ nodeName, networkName, rootDir });
  await client.close();
  await api.stop();
  rmSync(kcDir, { recursive: true, force: true });
}
process.exit(0);
