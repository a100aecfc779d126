/**
 * The kubelet TLS bootstrap against the real thing: an API server over TLS with Node,RBAC on a
 * real etcd (PKI from deploy/pki/skiff-pki.sh), the real controller-manager running only the CSR
 * signer, and a bootstrap token from `skiffctl token create`. The bootstrapped certificate is the
 * node's identity (the Node authorizer lets it create its own Node and nobody else's), a second
 * run reuses it, and `kubelet/main.ts --bootstrap-kubeconfig` does the same before it starts.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForbidden } from '../../api/errors.ts';
import { Resources } from '../../api/resources.ts';
import { startApiServer, type RunningApiServer } from '../../apiserver/server.ts';
import { securityFromFlags } from '../../apiserver/auth/security-flags.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { startEtcd, type EtcdCluster } from '../../testing/etcd.ts';
import { bootstrapClientCertificate } from './bootstrap.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const PKI = join(ROOT, 'deploy/pki/skiff-pki.sh');

let dir: string;
let etcd: EtcdCluster;
let server: RunningApiServer;
let manager: ChildProcess | undefined;
let managerLog = '';
const file = (f: string) => readFileSync(join(dir, f));
const skiffctl = (...args: string[]) => run(process.execPath, [join(ROOT, 'kubectl/main.ts'), '--kubeconfig', join(dir, 'admin.kubeconfig'), ...args]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-kubelet-boot-'));
  await run('bash', [PKI, 'all', dir, '--hosts', '127.0.0.1,localhost']);
  etcd = await startEtcd();
  const { security } = securityFromFlags({ 'client-ca-file': join(dir, 'ca.crt'), 'authorization-mode': 'Node,RBAC', 'anonymous-auth': 'false' });
  server = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0, logger: silentLogger(), tls: { cert: file('apiserver.crt'), key: file('apiserver.key'), ca: file('ca.crt') }, security });
  await run('bash', [PKI, 'kubeconfig', dir, 'admin', server.url, join(dir, 'admin.kubeconfig')]);
  await run('bash', [PKI, 'kubeconfig', dir, 'controller-manager', server.url, join(dir, 'cm.kubeconfig')]);
  manager = spawn(process.execPath, [join(ROOT, 'controller-manager/main.ts'), `--kubeconfig=${join(dir, 'cm.kubeconfig')}`, '--controllers=csrsigning', '--leader-elect=false', '--port=0', `--cluster-signing-cert-file=${join(dir, 'ca.crt')}`, `--cluster-signing-key-file=${join(dir, 'ca.key')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  manager.stdout!.on('data', (c) => (managerLog += c));
  manager.stderr!.on('data', (c) => (managerLog += c));
  // The bootstrap kubeconfig a joining node gets: the CA and a bootstrap token, nothing else.
  const token = (await skiffctl('token', 'create', '--ttl', '1h')).stdout.trim();
  await writeFile(join(dir, 'bootstrap.kubeconfig'), `apiVersion: v1
kind: Config
clusters: [{name: skiff, cluster: {server: "${server.url}", certificate-authority-data: ${file('ca.crt').toString('base64')}}}]
users: [{name: kubelet-bootstrap, user: {token: ${token}}}]
contexts: [{name: bootstrap, context: {cluster: skiff, user: kubelet-bootstrap}}]
current-context: bootstrap
`);
}, 120_000);

afterAll(async () => {
  manager?.kill('SIGTERM');
  await server?.stop();
  await etcd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kubelet TLS bootstrap', () => {
  it('gets a node certificate with a bootstrap token; the Node authorizer accepts it; a second run reuses it', async () => {
    const opts = {
      kubeconfigPath: join(dir, 'n1', 'kubelet.kubeconfig'), bootstrapKubeconfigPath: join(dir, 'bootstrap.kubeconfig'),
      certDir: join(dir, 'n1', 'pki'), nodeName: 'n1', log: silentLogger(), timeoutMs: 60_000, pollMs: 200,
    };
    const first = await bootstrapClientCertificate(opts).catch((err) => {
      throw new Error(`${err}\ncontroller-manager log tail:\n${managerLog.slice(-2000)}`);
    });
    expect(first).toBe('new-cert');

    const asNode = clientFromKubeconfig(opts.kubeconfigPath, 'test-n1');
    try {
      const review = await asNode.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      expect((review.body as any).status.userInfo).toMatchObject({ username: 'system:node:n1', groups: expect.arrayContaining(['system:nodes']) });
      const nodes = asNode.resource(Resources.nodes);
      await expect(nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })).resolves.toMatchObject({ metadata: { name: 'n1' } });
      const other = await nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } }).then(() => 'created', (err) => err);
      expect(isForbidden(other), String(other)).toBe(true);
    } finally {
      await asNode.close();
    }

    const csrs = async () => JSON.parse((await skiffctl('get', 'csr', '-o', 'json')).stdout).items as { metadata: { name: string }; spec: { username: string } }[];
    expect((await csrs()).map((c) => c.spec.username)).toEqual([expect.stringMatching(/^system:bootstrap:[a-z0-9]{6}$/)]);
    expect(await bootstrapClientCertificate(opts)).toBe('existing-kubeconfig');
    expect(await csrs()).toHaveLength(1);
  }, 90_000);

  it('kubelet/main.ts --bootstrap-kubeconfig writes its kubeconfig before it starts, and a restart files no new CSR', async () => {
    const args = [
      join(ROOT, 'kubelet/main.ts'), '--node-name=n3', `--kubeconfig=${join(dir, 'n3', 'kubelet.kubeconfig')}`, `--bootstrap-kubeconfig=${join(dir, 'bootstrap.kubeconfig')}`,
      `--root-dir=${join(dir, 'n3', 'root')}`, '--docker-endpoint=unix:///nonexistent/docker.sock', '--manage-host-network=false', '--port=0',
    ];
    const startUntilReady = async () => {
      const kubelet = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      kubelet.stdout!.on('data', (c) => (out += c));
      kubelet.stderr!.on('data', (c) => (out += c));
      const exited = new Promise<number | null>((resolve) => kubelet.on('exit', resolve));
      try {
        await waitUntil(() => out.includes('client credentials ready') || kubelet.exitCode !== null, 60_000, () => out);
        expect(out, out).toContain('client credentials ready');
        return JSON.parse(out.split('\n').find((l) => l.includes('client credentials ready'))!).credentials as string;
      } finally {
        kubelet.kill('SIGTERM');
        await exited;
      }
    };
    expect(await startUntilReady()).toBe('new-cert');
    // The cert lives in <root-dir>/pki (the --cert-dir default).
    expect(readFileSync(join(dir, 'n3', 'root', 'pki', 'kubelet-client.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(await startUntilReady()).toBe('existing-kubeconfig');
  }, 150_000);
});

async function waitUntil(ok: () => boolean, ms: number, seen: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out; last output:\n${seen().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
