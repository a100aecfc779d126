/**
 * API server benchmark (issue 2), printed side by side in one run on one etcd:
 *   pod creates/s through the API server ÷ raw etcd writes/s of the same payload (one etcd3
 *   transaction per object through apiserver/storage, the only etcd3 importer — no REST layer), at c=1 and c=50;
 *   watch delivery latency p50/p99 to 100 watchers at 500 events/s; LIST of 3,000 pods p99.
 * Beside the creates, the same load against floor-server.ts (fastify + the same etcd3 transaction
 * and a watch, nothing else): what any API server made of these parts reaches on this machine.
 * The API server runs as its own process (node apiserver/main.ts), as in production.
 * Run: node bench/apiserver/bench.ts [--seconds=5] [--only=create|list|watch] [--concurrency=1,50] [--workers=1] [--watchers=100] [--rate=500] [--warmup=1] [--server-cpu-prof=DIR]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createEtcdStorage } from '../../apiserver/storage/etcd-storage.ts';
import type { Storage } from '../../apiserver/storage/types.ts';
import { Pool } from 'undici';
import { freePort, startEtcd } from '../../testing/etcd.ts';

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const seconds = flag('seconds', 5);
const warmup = flag('warmup', 1);
const only = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
// --server-cpu-prof=DIR writes a V8 CPU profile of the API server process there (read it with Chrome DevTools or bench/apiserver/top-profile.ts).
const concurrencies = (process.argv.find((a) => a.startsWith('--concurrency='))?.split('=')[1] ?? '1,50').split(',').map(Number);
const runs = (part: 'create' | 'list' | 'watch'): boolean => only === undefined || only === part;
const profDir = process.argv.find((a) => a.startsWith('--server-cpu-prof='))?.split('=')[1];

const pod = (ns: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: 'bench', tier: 'web' } },
  spec: { containers: [{ name: 'web', image: 'registry.local/bench/web:1.0', ports: [{ containerPort: 8080 }], env: [{ name: 'MODE', value: 'bench' }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
});

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** cpuSeconds is the user+system CPU time of a process so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** childPids are the direct children of parent named name (any name when undefined): etcd members, API server workers. */
function childPids(name: string | undefined, parent = process.pid): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8').trim();
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/.exec(stat) ?? [];
      if ((name === undefined || comm === name) && Number(rest!.split(' ')[1]) === parent) out.push(Number(d));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * cpuMeter reports CPU milliseconds per operation spent by the bench itself, the API server and
 * etcd over a phase: on a shared 2-core machine this tells which process a rate is bound by.
 */
function cpuMeter(serverPid: number | undefined): () => (ops: number) => string {
  const etcd = childPids('etcd');
  // With --workers the server is a primary and its worker processes.
  const server = serverPid ? [serverPid, ...childPids(undefined, serverPid)] : [];
  const sample = () => ({ self: process.cpuUsage(), server: server.reduce((a, p) => a + cpuSeconds(p), 0), etcd: etcd.reduce((a, p) => a + cpuSeconds(p), 0) });
  return () => {
    const a = sample();
    return (ops) => {
      const b = sample();
      const self = (b.self.user + b.self.system - a.self.user - a.self.system) / 1000;
      const ms = (x: number) => ((x * 1000) / ops).toFixed(2);
      return `CPU ms/op: bench ${(self / ops).toFixed(2)}, apiserver ${ms(b.server - a.server)}, etcd ${ms(b.etcd - a.etcd)}`;
    };
  };
}

/** runFor runs op with the given concurrency for `secs` seconds and returns ops/s. */
async function runFor(concurrency: number, secs: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const end = Date.now() + secs * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await op(next++);
        done++;
      }
    }),
  );
  return done / ((Date.now() - started) / 1000);
}

async function startServer(endpoints: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), 'apiserver/main.ts', `--etcd-servers=${endpoints.join(',')}`, '--bind-address=127.0.0.1', `--secure-port=${port}`, '--max-requests-inflight=0', ...(flag('workers', 1) > 1 ? [`--workers=${flag('workers', 1)}`] : [])], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: 'ignore',
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return { url, proc };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('API server did not become ready');
}

/** startFloorServer runs floor-server.ts in its own process and returns its URL. */
async function startFloorServer(endpoints: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [new URL('./floor-server.ts', import.meta.url).pathname, endpoints.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()).port));
    proc.once('exit', (code) => reject(new Error(`floor-server.ts exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, proc };
}

async function main(): Promise<void> {
  const etcd = await startEtcd();
  const { url, proc } = await startServer(etcd.endpoints);
  const floor = runs('create') ? await startFloorServer(etcd.endpoints) : undefined;
  const floorApi = floor && new Pool(floor.url, { connections: 128, pipelining: 1 });
  const api = new Pool(url, { connections: 128, pipelining: 1 });
  const raw = createEtcdStorage({ endpoints: etcd.endpoints });
  const post = async (path: string, body: unknown, expect = 201) => {
    const res = await api.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.body.text();
    if (res.statusCode !== expect) throw new Error(`POST ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
  };
  try {
    for (const ns of ['bench-c1', 'bench-c50', 'bench-list', 'bench-watch']) await post('/api/v1/namespaces', { metadata: { name: ns } });
    const results: string[] = [];
    const meter = cpuMeter(proc.pid);
    const floorMeter = floor && cpuMeter(floor.proc.pid);
    for (const c of runs('create') ? concurrencies : []) {
      let end = meter();
      const rawRate = await runFor(c, seconds, (i) => raw.create(`/registry/benchraw/c${c}/p-${i}`, pod('raw', `p-${i}`)).then(() => undefined));
      const rawCpu = end(rawRate * seconds);
      end = meter();
      const apiRate = await runFor(c, seconds, (i) => post(`/api/v1/namespaces/bench-c${c}/pods`, pod(`bench-c${c}`, `p-${i}`)));
      const apiCpu = end(apiRate * seconds);
      end = floorMeter!();
      const floorRate = await runFor(c, seconds, async (i) => {
        const res = await floorApi!.request({ method: 'POST', path: `/api/v1/namespaces/c${c}/pods`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod(`c${c}`, `p-${i}`)) });
        await res.body.text();
        if (res.statusCode !== 201) throw new Error(`floor server: ${res.statusCode}`);
      });
      const floorCpu = end(floorRate * seconds).replace('apiserver', 'floor server');
      results.push(`creates c=${c}: API server ${apiRate.toFixed(0)}/s, raw etcd write ${rawRate.toFixed(0)}/s, ratio ${(apiRate / rawRate).toFixed(2)}${c === 50 ? ' (target ≥ 0.6)' : ''}; floor server ${floorRate.toFixed(0)}/s, ratio ${(floorRate / rawRate).toFixed(2)}`);
      console.log(results.at(-1));
      results.push(`  raw phase ${rawCpu}\n  API phase ${apiCpu}\n  floor phase ${floorCpu}`);
      console.log(results.at(-1));
    }

    // LIST of 3,000 pods.
    let created = runs('list') ? 0 : 3000;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (created < 3000) {
          const i = created++;
          await post('/api/v1/namespaces/bench-list/pods', pod('bench-list', `p-${i}`));
        }
      }),
    );
    const listTimes: number[] = [];
    for (let i = 0; i < (runs('list') ? 30 : 0); i++) {
      const t0 = performance.now();
      const res = await api.request({ method: 'GET', path: '/api/v1/namespaces/bench-list/pods' });
      const body = (await res.body.json()) as { items: unknown[] };
      listTimes.push(performance.now() - t0);
      if (body.items.length !== 3000) throw new Error(`list returned ${body.items.length}`);
    }
    if (runs('list')) results.push(`list 3000 pods: p50 ${pct(listTimes, 50).toFixed(0)} ms, p99 ${pct(listTimes, 99).toFixed(0)} ms (target p99 ≤ 300 ms)`);
    if (runs('list')) console.log(results.at(-1));

    if (runs('watch')) {
      results.push(await watchLatency(url, raw, meter));
      console.log(results.at(-1));
    }
    console.log('\n== summary ==\n' + results.join('\n'));
  } finally {
    await api.close();
    await floorApi?.close();
    floor?.proc.kill('SIGTERM');
    await raw.close();
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    await etcd.stop();
  }
}

/**
 * watchLatency opens 100 watchers through the API server and writes 500 objects/s straight into
 * etcd, each carrying its send time: what is measured is etcd → watch cache → every watcher, not
 * the create path (measured above).
 */
async function watchLatency(url: string, raw: Storage, meter: ReturnType<typeof cpuMeter>): Promise<string> {
  const watchers = flag('watchers', 100);
  const rate = flag('rate', 500);
  const workers = 2;
  const per = Math.ceil(watchers / workers);
  const pool = Array.from({ length: workers }, (_, i) => new Worker(new URL('./watchers.ts', import.meta.url), {
    workerData: { url, path: '/api/v1/namespaces/bench-watch/configmaps?watch=true&resourceVersion=1', watchers: Math.min(per, watchers - i * per) },
  }));
  const counts = pool.map(() => 0);
  pool.forEach((w, i) => w.on('message', (m: { count?: number }) => { if (m.count !== undefined) counts[i] = m.count; }));
  await Promise.all(pool.map((w) => new Promise<void>((resolve) => w.on('message', (m: { ready?: boolean }) => m.ready && resolve()))));
  const total = rate * seconds;
  // Reference, side by side: one watch straight on etcd (no API server) over the same events.
  // The latency includes etcd's commit (the send time is taken before the write), which the
  // API server cannot go below.
  const rawAc = new AbortController();
  const rawLatencies: number[] = [];
  const rawWatch = (async () => {
    try {
      for await (const ev of raw.watch('/registry/configmaps/bench-watch/', await raw.currentRevision(), rawAc.signal)) {
        const sent = Number(ev.object.metadata.annotations?.sent);
        if (sent) rawLatencies.push(performance.timeOrigin + performance.now() - sent);
      }
    } catch {
      // aborted at the end
    }
  })();
  // Warm-up at the same rate, not measured: a fresh process's first half second (JIT compiling
  // the write and fan-out paths — etcd's and the writer's too) would otherwise be the whole p99.
  await writeAtRate(raw, 'warm', rate * warmup, rate);
  const end = meter();
  const t0 = Date.now();
  await writeAtRate(raw, 'cm', total, rate);
  const deadline = Date.now() + 30_000;
  const achieved = total / ((Date.now() - t0) / 1000);
  while (counts.reduce((a, b) => a + b, 0) < total * watchers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // Per event delivered to one watcher, in µs (ms/op × 1000): the fan-out's cost, whatever the load.
  const cpu = end(total * watchers / 1000).replace('CPU ms/op', 'CPU µs per delivered event');
  const latencies = (
    await Promise.all(pool.map((w) => new Promise<number[]>((resolve) => {
      w.on('message', (m: { latencies?: number[] }) => m.latencies && resolve(m.latencies));
      w.postMessage({ stop: true });
    })))
  ).flat();
  await Promise.all(pool.map((w) => w.terminate()));
  rawAc.abort();
  await rawWatch;
  return `watch: ${watchers} watchers, ${rate} events/s offered (${achieved.toFixed(0)}/s written, after ${warmup} s of warm-up): delivered ${latencies.length}/${total * watchers}, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms (target p99 ≤ 100 ms)\n  raw etcd watch (1 watcher, no API server): p50 ${pct(rawLatencies, 50).toFixed(1)} ms, p99 ${pct(rawLatencies, 99).toFixed(1)} ms\n  ${cpu}`;
}

/**
 * writeAtRate writes n ConfigMaps named `<prefix>-<i>` straight into etcd at `rate` per second.
 * Measured ones (prefix "cm") carry their send time in the `sent` annotation, which the watchers
 * turn into a delivery latency; warm-up ones carry none.
 */
async function writeAtRate(raw: Storage, prefix: string, n: number, rate: number): Promise<void> {
  const t0 = Date.now();
  const writes: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const stamp = String(performance.timeOrigin + performance.now());
    const annotations: Record<string, string> = prefix === 'cm' ? { sent: stamp } : { warmup: stamp };
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-${i}`, namespace: 'bench-watch', uid: `${prefix}-u-${i}`, annotations }, data: {} };
    writes.push(raw.create(`/registry/configmaps/bench-watch/${prefix}-${i}`, obj).then(() => undefined));
  }
  await Promise.all(writes);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
