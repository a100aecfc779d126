/**
 * Security overhead benchmark (issue 10): API request latency p50/p99 with TLS + client-cert
 * authentication + Node,RBAC authorization on, beside the same API server with it all off (plain
 * HTTP, AlwaysAllow), on one etcd, measured in alternating rounds in one run. The "on" client is
 * a certificate user bound to `view` by a RoleBinding, so every request walks the RBAC rules.
 * Keep-alive connections (as every real client uses): the TLS handshake is paid once.
 * Run: node bench/security/bench.ts [--requests=2000]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'undici';
import { startApiServer, type RunningApiServer } from '../../apiserver/server.ts';
import { securityFromFlags } from '../../apiserver/auth/security-flags.ts';
import { startEtcd } from '../../testing/etcd.ts';

const run = promisify(execFile);
const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const total = flag('requests', 2000);
const ROUNDS = 10;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function timed(pool: Pool, path: string, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const res = await pool.request({ method: 'GET', path });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET ${path} → ${res.statusCode}`);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-bench-security-'));
  const etcd = await startEtcd();
  const servers: RunningApiServer[] = [];
  try {
    const script = join(import.meta.dirname, '../../deploy/pki/skiff-pki.sh');
    await run('bash', [script, 'all', dir, '--hosts', '127.0.0.1']);
    await run('bash', [script, 'client', dir, 'viewer', 'bench-viewer']);
    const f = (n: string) => readFile(join(dir, n));
    const off = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0 });
    servers.push(off);
    const { security } = securityFromFlags({ 'client-ca-file': join(dir, 'ca.crt'), 'authorization-mode': 'Node,RBAC' });
    const on = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0, tls: { cert: await f('apiserver.crt'), key: await f('apiserver.key'), ca: await f('ca.crt') }, security });
    servers.push(on);
    const plain = new Pool(off.url, { connections: 1 });
    const tls = new Pool(on.url, { connections: 1, connect: { ca: await f('ca.crt'), cert: await f('viewer.crt'), key: await f('viewer.key') } });
    const post = (path: string, body: object) => plain.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.body.text());
    await post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'bench' }, data: { a: '1' } });
    for (let i = 0; i < 10; i++) await post('/api/v1/namespaces/default/pods', { metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    await post('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', { metadata: { name: 'bench-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bench-viewer' }] });
    for (let deadline = Date.now() + 10_000; ; ) {
      const r = await tls.request({ method: 'GET', path: '/api/v1/namespaces/default/configmaps/bench' });
      await r.body.text();
      if (r.statusCode === 200) break;
      if (Date.now() > deadline) throw new Error(`viewer not authorized: ${r.statusCode}`);
    }
    const rows: string[] = [];
    for (const [label, path] of [['GET configmap', '/api/v1/namespaces/default/configmaps/bench'], ['LIST 10 pods', '/api/v1/namespaces/default/pods']] as const) {
      const lat = { off: [] as number[], on: [] as number[] };
      await timed(plain, path, 100, []); // warm-up both
      await timed(tls, path, 100, []);
      for (let r = 0; r < ROUNDS; r++) {
        await timed(plain, path, total / ROUNDS, lat.off);
        await timed(tls, path, total / ROUNDS, lat.on);
      }
      const p = (xs: number[], q: number) => pct(xs, q).toFixed(2);
      rows.push(`${label.padEnd(14)} off p50 ${p(lat.off, 50)} ms  p99 ${p(lat.off, 99)} ms | on p50 ${p(lat.on, 50)} ms  p99 ${p(lat.on, 99)} ms | ratio p50 ${(pct(lat.on, 50) / pct(lat.off, 50)).toFixed(2)}x  p99 ${(pct(lat.on, 99) / pct(lat.off, 99)).toFixed(2)}x`);
    }
    await plain.close();
    await tls.close();
    console.log(`security overhead, ${total} sequential requests per side (TLS keep-alive + x509 authn + Node,RBAC vs plain HTTP + AlwaysAllow), target on/off ≤ 1.2x at p50`);
    for (const r of rows) console.log(r);
  } finally {
    for (const s of servers) await s.stop();
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
