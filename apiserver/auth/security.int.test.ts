/**
 * Security end to end: certificates from deploy/pki, a real etcd, the real API server over TLS
 * with Node,RBAC authorization, secrets encrypted at rest, an audit file — and real kubectl with
 * the generated admin kubeconfig. Also: etcd with client-cert auth refuses a client without one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApiServer } from '../server.ts';
import { freePort, startEtcd, type EtcdCluster } from '../../testing/etcd.ts';
import { securityFromFlags } from './security-flags.ts';

const run = promisify(execFile);
const PKI_SCRIPT = join(import.meta.dirname, '../../deploy/pki/skiff-pki.sh');

function findKubectl(): string | undefined {
  try {
    const dispatcher = realpathSync(process.env.PATH!.split(':').map((d) => join(d, 'kubectl')).find((p) => existsSync(p))!);
    const versioned = join(dirname(dispatcher), 'kubectl.1.32');
    return existsSync(versioned) ? versioned : undefined;
  } catch {
    return undefined;
  }
}
const kubectlBin = findKubectl();
if (!kubectlBin) console.warn('SKIPPING real kubectl over TLS: kubectl.1.32 not found beside kubectl on PATH');

let dir: string;
let etcd: EtcdCluster;
let server: RunningApiServer;
const pki = (f: string) => readFileSync(join(dir, f));

interface Reply {
  code: number;
  body: string;
}

/** call sends an HTTPS request verifying the server against the cluster CA, with an optional client cert or token. */
function call(method: string, path: string, who: { cert?: string; token?: string } = {}, body?: unknown): Promise<Reply> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: pki('ca.crt'),
        ...(who.cert ? { cert: pki(`${who.cert}.crt`), key: pki(`${who.cert}.key`) } : {}),
        headers: { 'content-type': 'application/json', ...(who.token ? { authorization: `Bearer ${who.token}` } : {}) },
      },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const pod = (name: string, node: string, secret: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox', env: [{ name: 'S', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } }] }] },
});
const secret = (name: string, value: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: { password: Buffer.from(value).toString('base64') } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-security-'));
  await run('bash', [PKI_SCRIPT, 'all', dir, '--hosts', '127.0.0.1,localhost']);
  await run('bash', [PKI_SCRIPT, 'kubelet', dir, 'node-a']);
  await run('bash', [PKI_SCRIPT, 'kubelet', dir, 'node-b']);
  await run('bash', [PKI_SCRIPT, 'client', dir, 'viewer', 'jane']);
  etcd = await startEtcd();
  const { security } = securityFromFlags({
    'client-ca-file': join(dir, 'ca.crt'),
    'authorization-mode': 'Node,RBAC',
    'anonymous-auth': 'true',
    'encryption-provider-config': join(dir, 'encryption-config.yaml'),
    'audit-log-path': join(dir, 'audit.log'),
    'service-account-key-file': join(dir, 'sa.pub'),
  });
  server = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0, tls: { cert: pki('apiserver.crt'), key: pki('apiserver.key'), ca: pki('ca.crt') }, security });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await etcd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('API server over TLS with Node,RBAC', () => {
  it('refuses requests without credentials (401) but answers /healthz and /readyz', async () => {
    expect((await call('GET', '/api/v1/namespaces/default/pods')).code).toBe(401);
    expect((await call('GET', '/healthz')).code).toBe(200);
    expect((await call('GET', '/readyz')).code).toBe(200);
  });

  it('lets the admin certificate (O=system:masters) do anything, and keeps node A from node B\'s pod and secret', async () => {
    // ServiceAccount admission refuses pods whose account does not exist (no controller-manager creates `default` here).
    expect((await call('POST', '/api/v1/namespaces/default/serviceaccounts', { cert: 'admin' }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })).code).toBe(201);
    for (const [p, node, s] of [['pa', 'node-a', 'sa'], ['pb', 'node-b', 'sb']]) {
      expect((await call('POST', '/api/v1/namespaces/default/secrets', { cert: 'admin' }, secret(s, `value-of-${s}`))).code).toBe(201);
      expect((await call('POST', '/api/v1/namespaces/default/pods', { cert: 'admin' }, pod(p, node, s))).code).toBe(201);
    }
    const a = { cert: 'kubelet-node-a' };
    expect((await call('GET', '/api/v1/namespaces/default/pods/pa', a)).code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/secrets/sa', a)).code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/pods/pb', a)).code).toBe(403);
    expect((await call('GET', '/api/v1/namespaces/default/secrets/sb', a)).code).toBe(403);
    // A pod that does not exist (a kubelet's last delete of a force-deleted pod): 404, as in Kubernetes.
    expect((await call('DELETE', '/api/v1/namespaces/default/pods/gone', a)).code).toBe(404);
    expect((await call('GET', '/api/v1/namespaces/default/pods/gone', a)).code).toBe(404);
    expect((await call('GET', '/api/v1/namespaces/default/secrets/gone', a)).code).toBe(403);
  });

  it('refuses a certificate user with no binding (403) until bound to view, which still may not create', async () => {
    const jane = { cert: 'viewer' };
    expect((await call('GET', '/api/v1/namespaces/default/pods', jane)).code).toBe(403);
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'jane-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }] };
    expect((await call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', { cert: 'admin' }, binding)).code).toBe(201);
    const deadline = Date.now() + 10_000;
    let last = 0;
    while ((last = (await call('GET', '/api/v1/namespaces/default/pods', jane)).code) !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(last).toBe(200);
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', jane, { metadata: { name: 'x' } });
    expect(created.code).toBe(403);
    expect(JSON.parse(created.body).message).toContain('User "jane" cannot create resource "configmaps"');
  });

  it('stores secrets encrypted: etcdctl get shows the provider prefix and no plaintext', async () => {
    await call('POST', '/api/v1/namespaces/default/secrets', { cert: 'admin' }, secret('plain-check', 'super-secret-value'));
    const { stdout } = await run('etcdctl', ['--endpoints', etcd.endpoints[0], 'get', '/registry/secrets/default/plain-check'], { env: { ...process.env, ETCDCTL_API: '3' } });
    expect(stdout).toContain('k8s:enc:aesgcm:v1:');
    expect(stdout).not.toContain('super-secret-value');
    expect(stdout).not.toContain(Buffer.from('super-secret-value').toString('base64'));
    const back = await call('GET', '/api/v1/namespaces/default/secrets/plain-check', { cert: 'admin' });
    expect(JSON.parse(back.body).data.password).toBe(Buffer.from('super-secret-value').toString('base64'));
  });

  it('writes an audit line per request, with the user and code, and never a secret value', async () => {
    await call('GET', '/api/v1/namespaces/default/secrets/plain-check', { cert: 'kubelet-node-b' });
    const lines = readFileSync(join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const last = lines.filter((l) => l.objectRef?.name === 'plain-check').at(-1);
    expect(last).toMatchObject({ verb: 'get', user: { username: 'system:node:node-b' }, responseStatus: { code: 403 }, objectRef: { resource: 'secrets', namespace: 'default' } });
    expect(lines.some((l) => l.user.username === 'system:anonymous' && l.responseStatus.code === 401)).toBe(true);
    const text = readFileSync(join(dir, 'audit.log'), 'utf8');
    expect(text).not.toContain('super-secret-value');
    expect(text).not.toContain(Buffer.from('super-secret-value').toString('base64'));
  });

  it('skiffctl over TLS with the admin kubeconfig: token create → the token authenticates; token delete → 401; auth can-i', async () => {
    const kubeconfig = join(dir, 'admin-skiffctl.kubeconfig');
    await run('bash', [PKI_SCRIPT, 'kubeconfig', dir, 'admin', server.url, kubeconfig]);
    const skiffctl = (...args: string[]) => run(process.execPath, [join(import.meta.dirname, '../../kubectl/main.ts'), '--kubeconfig', kubeconfig, ...args]);
    const token = (await skiffctl('token', 'create', '--ttl', '1h', '--description', 'int test')).stdout.trim();
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect((await skiffctl('token', 'list')).stdout).toContain(`${token.split('.')[0]}.<hidden>`);
    const csrs = '/apis/certificates.k8s.io/v1/certificatesigningrequests';
    expect((await call('GET', csrs, { token })).code).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/kube-system/secrets', { token })).code).toBe(403);
    await skiffctl('token', 'delete', token);
    expect((await call('GET', csrs, { token })).code).toBe(401);
    expect((await skiffctl('auth', 'can-i', 'delete', 'nodes')).stdout.trim()).toBe('yes');
    expect((await skiffctl('auth', 'whoami')).stdout).toMatch(/Username\s+kubernetes-admin\nGroups\s+\[system:masters system:authenticated\]/);
  });

  it.skipIf(!kubectlBin)('works with real kubectl 1.32 and the generated admin kubeconfig over TLS', async () => {
    const kubeconfig = join(dir, 'admin.kubeconfig');
    await run('bash', [PKI_SCRIPT, 'kubeconfig', dir, 'admin', server.url, kubeconfig]);
    const kc = (...args: string[]) => run(kubectlBin!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...args]);
    expect((await kc('get', 'pods', '-o', 'name')).stdout).toContain('pod/pa');
    expect((await kc('auth', 'can-i', 'create', 'pods')).stdout.trim()).toBe('yes');
    expect((await kc('auth', 'whoami')).stdout).toContain('kubernetes-admin');
    const nodeKc = join(dir, 'node-a.kubeconfig');
    await run('bash', [PKI_SCRIPT, 'kubeconfig', dir, 'kubelet-node-a', server.url, nodeKc]);
    const denied = await run(kubectlBin!, ['--kubeconfig', nodeKc, '--cache-dir', join(dir, 'kcache2'), 'get', 'pod', 'pb']).then(() => '', (e: { stderr: string }) => e.stderr);
    expect(denied).toMatch(/forbidden/i);
  });
});

describe('etcd with client certificate auth', () => {
  let proc: ChildProcess | undefined;
  let overTls: RunningApiServer | undefined;
  afterAll(async () => {
    await overTls?.stop();
    proc?.kill('SIGKILL');
  });

  it('refuses a client without a certificate and serves one with the API server\'s etcd client cert', async () => {
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const url = `https://127.0.0.1:${clientPort}`;
    proc = spawn('/usr/bin/etcd', [
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=https://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=https://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=https://127.0.0.1:${peerPort}`,
      `--cert-file=${join(dir, 'etcd/server.crt')}`,
      `--key-file=${join(dir, 'etcd/server.key')}`,
      `--trusted-ca-file=${join(dir, 'etcd/ca.crt')}`,
      '--client-cert-auth',
      `--peer-cert-file=${join(dir, 'etcd/peer.crt')}`,
      `--peer-key-file=${join(dir, 'etcd/peer.key')}`,
      `--peer-trusted-ca-file=${join(dir, 'etcd/ca.crt')}`,
      '--peer-client-cert-auth',
    ], { stdio: 'ignore' });
    const env = { ...process.env, ETCDCTL_API: '3' };
    const withCert = ['--endpoints', url, '--cacert', join(dir, 'etcd/ca.crt'), '--cert', join(dir, 'apiserver-etcd-client.crt'), '--key', join(dir, 'apiserver-etcd-client.key')];
    const deadline = Date.now() + 20_000;
    let lastErr = '';
    for (;;) {
      const ok = await run('etcdctl', [...withCert, 'put', '/probe', 'x'], { env }).then(() => true, (e: { stderr: string }) => ((lastErr = e.stderr), false));
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`etcd with TLS did not come up: ${lastErr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const refused = await run('etcdctl', ['--endpoints', url, '--cacert', join(dir, 'etcd/ca.crt'), '--dial-timeout=2s', '--command-timeout=3s', 'get', '/probe'], { env }).then(
      () => 'accepted',
      (e: { stderr: string }) => e.stderr,
    );
    expect(refused).not.toBe('accepted');
    const wrongCa = await run('etcdctl', ['--endpoints', url, '--cacert', join(dir, 'etcd/ca.crt'), '--cert', join(dir, 'admin.crt'), '--key', join(dir, 'admin.key'), '--dial-timeout=2s', '--command-timeout=3s', 'get', '/probe'], { env }).then(
      () => 'accepted',
      (e: { stderr: string }) => e.stderr,
    );
    expect(wrongCa).not.toBe('accepted');
    expect((await run('etcdctl', [...withCert, 'get', '/probe', '--print-value-only'], { env })).stdout.trim()).toBe('x');

    // The API server dials that etcd with its etcd client cert (--etcd-cafile/--etcd-certfile/--etcd-keyfile) and serves.
    overTls = await startApiServer({
      etcdServers: [url],
      etcdTls: { ca: pki('etcd/ca.crt'), cert: pki('apiserver-etcd-client.crt'), key: pki('apiserver-etcd-client.key') },
      bindAddress: '127.0.0.1',
      port: 0,
    });
    const created = await fetch(`${overTls.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'over-tls' }, data: { a: 'b' } }) });
    expect(created.status).toBe(201);
    const stored = await run('etcdctl', [...withCert, 'get', '/registry/configmaps/default/over-tls', '--print-value-only'], { env });
    expect(stored.stdout).toContain('over-tls');
  }, 90_000);
});
