/**
 * The node join CSR flow end to end: a real API server over TLS with Node,RBAC on a real etcd,
 * the real controller-manager process running only the CSR signer (--cluster-signing-*), a CSR
 * for CN=system:node:n1,O=system:nodes filed with a bootstrap token → approved and signed, and
 * the certificate then authenticates as that node; CSRs the signer does not auto-approve are
 * approved with real kubectl 1.32 `certificate approve` and denied with `skiffctl certificate deny`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApiServer } from '../server.ts';
import { startEtcd, type EtcdCluster } from '../../testing/etcd.ts';
import { securityFromFlags } from './security-flags.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const PKI_SCRIPT = join(ROOT, 'deploy/pki/skiff-pki.sh');
const CSRS = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

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
if (!kubectlBin) console.warn('SKIPPING real kubectl certificate approve: kubectl.1.32 not found beside kubectl on PATH');

let dir: string;
let etcd: EtcdCluster;
let server: RunningApiServer;
let manager: ChildProcess | undefined;
let managerLog = '';
let kubeconfig: string;
const file = (f: string) => readFileSync(join(dir, f));

/** call sends an HTTPS request verified against the cluster CA, with a client cert (files, not PKI names) or a token. */
function call(method: string, path: string, who: { cert?: Buffer; key?: Buffer; token?: string }, body?: unknown): Promise<{ code: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, ca: file('ca.crt'), cert: who.cert, key: who.key, headers: { 'content-type': 'application/json', ...(who.token ? { authorization: `Bearer ${who.token}` } : {}) } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, json: data ? JSON.parse(data) : undefined }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
const admin = () => ({ cert: file('admin.crt'), key: file('admin.key') });
const skiffctl = (...args: string[]) => run(process.execPath, [join(ROOT, 'kubectl/main.ts'), '--kubeconfig', kubeconfig, ...args]);

/** newCsr makes a key and a PEM CSR for subject with openssl; returns the key file and the CSR object. */
async function newCsr(name: string, subject: string) {
  await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', subject]);
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: file(`${name}.csr`).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last error: ${String(last)}); controller-manager log tail:\n${managerLog.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const certificateOf = (name: string) => waitFor(`a certificate for ${name}`, async () => (await call('GET', `${CSRS}/${name}`, admin())).json?.status?.certificate as string | undefined);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-csr-'));
  await run('bash', [PKI_SCRIPT, 'all', dir, '--hosts', '127.0.0.1,localhost']);
  await run('bash', [PKI_SCRIPT, 'client', dir, 'controller-manager', 'system:kube-controller-manager']);
  etcd = await startEtcd();
  const { security } = securityFromFlags({ 'client-ca-file': join(dir, 'ca.crt'), 'authorization-mode': 'Node,RBAC', 'service-account-key-file': join(dir, 'sa.pub') });
  server = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0, tls: { cert: file('apiserver.crt'), key: file('apiserver.key'), ca: file('ca.crt') }, security });
  kubeconfig = join(dir, 'admin.kubeconfig');
  await run('bash', [PKI_SCRIPT, 'kubeconfig', dir, 'admin', server.url, kubeconfig]);
  await run('bash', [PKI_SCRIPT, 'kubeconfig', dir, 'controller-manager', server.url, join(dir, 'cm.kubeconfig')]);
  manager = spawn(process.execPath, [join(ROOT, 'controller-manager/main.ts'), `--kubeconfig=${join(dir, 'cm.kubeconfig')}`, '--controllers=csrsigning', '--leader-elect=false', '--port=0', `--cluster-signing-cert-file=${join(dir, 'ca.crt')}`, `--cluster-signing-key-file=${join(dir, 'ca.key')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  manager.stdout!.on('data', (c) => (managerLog += c));
  manager.stderr!.on('data', (c) => (managerLog += c));
}, 120_000);

afterAll(async () => {
  manager?.kill('SIGTERM');
  await server?.stop();
  await etcd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('node CSR flow', () => {
  it('a bootstrap token files a CSR for system:node:n1; the signer approves and signs it; the certificate authenticates as the node', async () => {
    const token = (await skiffctl('token', 'create', '--ttl', '1h')).stdout.trim();
    const created = await call('POST', CSRS, { token }, await newCsr('node-csr-n1', '/O=system:nodes/CN=system:node:n1'));
    expect(created.code, JSON.stringify(created.json)).toBe(201);
    expect(created.json.spec).toMatchObject({ username: `system:bootstrap:${token.split('.')[0]}`, groups: expect.arrayContaining(['system:bootstrappers']) });
    const pem = Buffer.from(await certificateOf('node-csr-n1'), 'base64');
    const final = (await call('GET', `${CSRS}/node-csr-n1`, { token })).json;
    expect(final.status.conditions).toMatchObject([{ type: 'Approved', status: 'True', reason: 'AutoApproved' }]);
    const subject = await opensslSubject(pem);
    expect(subject).toMatch(/CN=system:node:n1/);
    expect(subject).toMatch(/O=system:nodes/);
    const asNode = { cert: pem, key: file('node-csr-n1.key') };
    expect((await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', asNode, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })).json.status.userInfo).toMatchObject({ username: 'system:node:n1', groups: expect.arrayContaining(['system:nodes']) });
    // The node authorizer then lets it write its own Node.
    const node = await call('POST', '/api/v1/nodes', asNode, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(node.code, JSON.stringify(node.json)).toBe(201);
  }, 60_000);

  it.skipIf(!kubectlBin)('real kubectl 1.32 certificate approve: a CSR the signer leaves for a human gets approved, then signed', async () => {
    // Filed by the admin for another node's name: not an auto-approvable shape (requester ≠ node, no bootstrap token).
    expect((await call('POST', CSRS, admin(), await newCsr('manual-n2', '/O=system:nodes/CN=system:node:n2'))).code).toBe(201);
    await waitFor('the signer to look at manual-n2', async () => (managerLog.includes('manual-n2') ? true : undefined));
    expect((await call('GET', `${CSRS}/manual-n2`, admin())).json.status?.certificate).toBeUndefined();
    const { stdout } = await run(kubectlBin!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), 'certificate', 'approve', 'manual-n2']);
    expect(stdout.trim()).toBe('certificatesigningrequest.certificates.k8s.io/manual-n2 approved');
    expect(await opensslSubject(Buffer.from(await certificateOf('manual-n2'), 'base64'))).toMatch(/CN=system:node:n2/);
    const conditions = (await call('GET', `${CSRS}/manual-n2`, admin())).json.status.conditions;
    expect(conditions).toMatchObject([{ type: 'Approved', status: 'True', reason: 'KubectlApprove' }]);
  }, 60_000);

  it('skiffctl certificate deny marks the CSR Denied and it is never signed; approving it afterwards is refused', async () => {
    expect((await call('POST', CSRS, admin(), await newCsr('manual-n3', '/O=system:nodes/CN=system:node:n3'))).code).toBe(201);
    expect((await skiffctl('certificate', 'deny', 'manual-n3')).stdout.trim()).toBe('certificatesigningrequest.certificates.k8s.io/manual-n3 denied');
    const csr = (await call('GET', `${CSRS}/manual-n3`, admin())).json;
    expect(csr.status.conditions).toMatchObject([{ type: 'Denied', status: 'True', reason: 'KubectlDeny' }]);
    expect(csr.status.certificate).toBeUndefined();
    const again = await skiffctl('certificate', 'approve', 'manual-n3').then(() => '', (e: { stderr: string }) => e.stderr);
    expect(again).toContain('already Denied');
  }, 60_000);

  it('a bootstrap token may not approve its own CSR (403)', async () => {
    const token = (await skiffctl('token', 'create', '--ttl', '1h')).stdout.trim();
    const csr = await newCsr('self-approve', '/O=system:masters/CN=evil');
    expect((await call('POST', CSRS, { token }, csr)).code).toBe(201);
    const current = (await call('GET', `${CSRS}/self-approve`, { token })).json;
    const res = await call('PUT', `${CSRS}/self-approve/approval`, { token }, { ...current, status: { conditions: [{ type: 'Approved', status: 'True' }] } });
    expect(res.code).toBe(403);
  }, 60_000);
});

async function opensslSubject(pem: Buffer): Promise<string> {
  const f = join(dir, `subject-${Date.now()}.crt`);
  await writeFile(f, pem);
  return (await run('openssl', ['x509', '-in', f, '-noout', '-subject', '-nameopt', 'RFC2253'])).stdout;
}
