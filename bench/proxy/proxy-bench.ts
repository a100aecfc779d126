/**
 * Benchmark (not a test): what the userspace proxy costs, side by side in one run.
 * Paths: direct to the backend; through Skiff's TcpProxyPort (the ClusterIP data path) — each
 * server in its own process, as on a node; and,
 * for reference, through Docker's own published-port proxy (docker-proxy) to a busybox httpd.
 * Prints throughput (MB/s) for 1 and 64 concurrent downloads, latency per new connection
 * (connect + small request + response) and per request on a kept-alive connection, at p50/p99
 * for 1 and 64 concurrent clients, and what the proxy adds to each at p50.
 * Targets: ≥ 0.5 of direct throughput; ≤ 0.3 ms added per new connection at p50.
 * Run: node bench/proxy/proxy-bench.ts
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const bulkBytes = 64 * 1024 * 1024;
const agent = new http.Agent({ keepAlive: false });

/** startChild runs servers.ts in its own process and resolves with the port it prints. */
function startChild(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'servers.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve({ port: JSON.parse(d.toString()).port, child }));
    child.once('exit', (code) => reject(new Error(`servers.ts ${args[0]} exited with ${code}`)));
  });
}

function get(host: string, port: number, path: string, via = agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host, port, path, agent: via }, (res) => {
      let n = 0;
      res.on('data', (d: Buffer) => (n += d.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

async function throughput(host: string, port: number, path: string, concurrency: number): Promise<number> {
  const start = performance.now();
  const sizes = await Promise.all(Array.from({ length: concurrency }, () => get(host, port, `${path}${bulkBytes / concurrency | 0}`)));
  const bytes = sizes.reduce((a, b) => a + b, 0);
  return bytes / 1e6 / ((performance.now() - start) / 1000);
}

async function latencies(host: string, port: number, path: string, concurrency: number, perClient: number): Promise<number[]> {
  const all: number[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < perClient; i++) {
      const t = performance.now();
      await get(host, port, path);
      all.push(performance.now() - t);
    }
  }));
  return all.sort((a, b) => a - b);
}

/** requestLatencies times requests on kept-alive connections: one connection per client, warmed first. */
async function requestLatencies(host: string, port: number, path: string, concurrency: number, perClient: number): Promise<number[]> {
  const all: number[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await get(host, port, path, own);
    for (let i = 0; i < perClient; i++) {
      const t = performance.now();
      await get(host, port, path, own);
      all.push(performance.now() - t);
    }
    own.destroy();
  }));
  return all.sort((a, b) => a - b);
}

/** cpuMs reads a process's user + system CPU time (ms) from /proc; 0 where /proc is missing. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

/**
 * startDockerReference runs a busybox httpd published on a loopback port, so docker-proxy relays
 * to it; ip is the container's own address, the reference path's "direct".
 */
async function startDockerReference(): Promise<{ port: number; ip: string; stop: () => void } | undefined> {
  try {
    // A run that was killed leaves its reference container behind: remove it first.
    const stale = execFileSync('docker', ['ps', '-aq', '--filter', 'label=skiff.bench=proxy'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (stale.length) execFileSync('docker', ['rm', '-f', ...stale]);
    const id = execFileSync('docker', ['run', '-d', '--label', 'skiff.bench=proxy', '-p', '127.0.0.1::8080', 'skiff/busybox:latest', 'sh', '-c',
      `mkdir -p /www && dd if=/dev/zero of=/www/bulk bs=1M count=${bulkBytes / 1048576} 2>/dev/null && echo ok > /www/small && httpd -f -p 8080 -h /www`], { encoding: 'utf8' }).trim();
    const port = Number(execFileSync('docker', ['port', id, '8080/tcp'], { encoding: 'utf8' }).trim().split(':').pop());
    const ip = execFileSync('docker', ['inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id], { encoding: 'utf8' }).trim();
    for (let i = 0; i < 50; i++) {
      if (await get('127.0.0.1', port, '/small').then(() => true, () => false)) return { port, ip, stop: () => execFileSync('docker', ['rm', '-f', id]) };
      await new Promise((r) => setTimeout(r, 200));
    }
    execFileSync('docker', ['rm', '-f', id]);
  } catch (err) {
    console.log(`(docker reference skipped: ${(err as Error).message.split('\n')[0]})`);
  }
  return undefined;
}

const source = await startChild(['source']);
const proxy = await startChild(['proxy', String(source.port)]);
const proxyPort = proxy.port;
const docker = await startDockerReference();
// Skiff's proxy in front of the reference's backend too, so both proxies are compared on one backend.
const proxyToDocker = docker ? await startChild(['proxy', '8080', docker.ip]) : undefined;

const paths: Array<[string, string, number, string, string]> = [
  ['direct', '127.0.0.1', source.port, '/bytes/', '/small'],
  ['skiff proxy', '127.0.0.1', proxyPort, '/bytes/', '/small'],
  ...(docker
    ? [
        ['docker direct', docker.ip, 8080, '/bulk?', '/small'] as [string, string, number, string, string],
        ['docker-proxy', '127.0.0.1', docker.port, '/bulk?', '/small'] as [string, string, number, string, string],
        ['skiff → busybox', '127.0.0.1', proxyToDocker!.port, '/bulk?', '/small'] as [string, string, number, string, string],
      ]
    : []),
];
const results: Record<string, Record<string, number>> = {};
for (const round of [1, 2]) {
  for (const [name, host, port, bulk, smallPath] of paths) {
    const r = (results[name] ??= {});
    // busybox httpd serves a fixed file, so its "size" query is ignored and each client gets the whole file:
    // the Docker paths skip the 64-download run.
    const fixedFile = name.startsWith('docker') || name.endsWith('busybox');
    const cpuBefore = cpuMs(proxy.child.pid);
    const started = performance.now();
    r.mbps1 = Math.max(r.mbps1 ?? 0, await throughput(host, port, bulk, 1));
    if (name === 'skiff proxy' && round === 2) r.cpuBulk = (cpuMs(proxy.child.pid) - cpuBefore) / (performance.now() - started);
    r.mbps64 = Math.max(r.mbps64 ?? 0, fixedFile ? 0 : await throughput(host, port, bulk, 64));
    const l1 = await latencies(host, port, smallPath, 1, 300);
    const cpuConn = cpuMs(proxy.child.pid);
    const l64 = await latencies(host, port, smallPath, 64, 20);
    if (name === 'skiff proxy' && round === 2) r.cpuPerConn = ((cpuMs(proxy.child.pid) - cpuConn) * 1000) / l64.length;
    const q1 = await requestLatencies(host, port, smallPath, 1, 500);
    const q64 = await requestLatencies(host, port, smallPath, 64, 30);
    if (round === 2) {
      Object.assign(r, { p50_1: pct(l1, 50), p99_1: pct(l1, 99), p50_64: pct(l64, 50), p99_64: pct(l64, 99) });
      Object.assign(r, { req50_1: pct(q1, 50), req99_1: pct(q1, 99), req50_64: pct(q64, 50), req99_64: pct(q64, 99) });
    }
  }
}
const d = results.direct;
const ms = (p50: number, p99: number) => `${p50.toFixed(2)} / ${p99.toFixed(2)}`.padEnd(16);
console.log('path           MB/s c=1   MB/s c=64   new connection p50/p99 (ms)        request on open connection p50/p99 (ms)');
console.log('                                      c=1             c=64               c=1             c=64');
for (const [name, r] of Object.entries(results)) {
  const mb = `${r.mbps1.toFixed(0).padStart(9)}   ${(r.mbps64 ? r.mbps64.toFixed(0) : '-').padStart(9)}`;
  console.log(`${name.padEnd(14)} ${mb}   ${ms(r.p50_1, r.p99_1)}${ms(r.p50_64, r.p99_64)}   ${ms(r.req50_1, r.req99_1)}${ms(r.req50_64, r.req99_64)}`);
}
const s = results['skiff proxy'];
console.log(`skiff proxy ÷ direct throughput: c=1 ${(s.mbps1 / d.mbps1).toFixed(2)}, c=64 ${(s.mbps64 / d.mbps64).toFixed(2)} (target ≥ 0.5)`);
console.log(`added per new connection at p50: c=1 ${(s.p50_1 - d.p50_1).toFixed(3)} ms, c=64 ${(s.p50_64 - d.p50_64).toFixed(3)} ms (target ≤ 0.3 ms)`);
console.log(`added per request at p50:        c=1 ${(s.req50_1 - d.req50_1).toFixed(3)} ms, c=64 ${(s.req50_64 - d.req50_64).toFixed(3)} ms`);
// Docker's own userspace proxy (Go) and Skiff's, each in front of the same busybox httpd: what a
// proxy process adds on this machine, whoever wrote it.
const dd = results['docker direct'];
for (const name of ['docker-proxy', 'skiff → busybox']) {
  const r = results[name];
  if (dd && r) console.log(`${name.padEnd(15)} vs busybox direct — added per new connection at p50: c=1 ${(r.p50_1 - dd.p50_1).toFixed(3)} ms, c=64 ${(r.p50_64 - dd.p50_64).toFixed(3)} ms; throughput ÷ direct c=1 ${(r.mbps1 / dd.mbps1).toFixed(2)}`);
}
// Why c=64 adds more: 64 connections queue for 2 cores, so each waits for the others' proxy work.
console.log(`proxy process CPU: ${(s.cpuBulk * 100).toFixed(0)}% of a core during the c=1 download, ${s.cpuPerConn.toFixed(0)} µs per new connection at c=64 (10 ms /proc ticks)`);
proxy.child.kill();
proxyToDocker?.child.kill();
source.child.kill();
docker?.stop();
