/**
 * startSecureCluster is the integration tests' join-ready cluster: an API server over TLS with
 * Node,RBAC on a real etcd (PKI from deploy/pki/skiff-pki.sh), the real controller-manager
 * running only the CSR signer, and a bootstrap kubeconfig holding a fresh bootstrap token.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { securityFromFlags } from '../../apiserver/auth/security-flags.ts';
import { startApiServer, type RunningApiServer } from '../../apiserver/server.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { startEtcd, type EtcdCluster } from '../../testing/etcd.ts';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '../..');
const PKI = join(ROOT, 'deploy/pki/skiff-pki.sh');

/** SecureCluster is a running cluster; dir holds the PKI, admin.kubeconfig and bootstrap.kubeconfig. */
export interface SecureCluster {
  dir: string;
  server: RunningApiServer;
  file(f: string): Buffer;
  /** skiffctl runs kubectl/main.ts as the admin. */
  skiffctl(...args: string[]): Promise<{ stdout: string }>;
  managerLog(): string;
  stop(): Promise<void>;
}

/** startSecureCluster starts it all (see the file comment); stop() removes everything. managerFlags are added to the controller-manager's. */
export async function startSecureCluster(prefix: string, managerFlags: string[] = []): Promise<SecureCluster> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let etcd: EtcdCluster | undefined;
  let server: RunningApiServer | undefined;
  let manager: ChildProcess | undefined;
  let log = '';
  const file = (f: string) => readFileSync(join(dir, f));
  const skiffctl = (...args: string[]) => run(process.execPath, [join(ROOT, 'kubectl/main.ts'), '--kubeconfig', join(dir, 'admin.kubeconfig'), ...args]);
  const stop = async () => {
    if (manager && manager.exitCode === null) {
      const exited = new Promise((r) => manager!.once('exit', r));
      manager.kill('SIGTERM');
      await exited;
    }
    await server?.stop();
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await run('bash', [PKI, 'all', dir, '--hosts', '127.0.0.1,localhost']);
    etcd = await startEtcd();
    const { security } = securityFromFlags({ 'client-ca-file': join(dir, 'ca.crt'), 'authorization-mode': 'Node,RBAC', 'anonymous-auth': 'false' });
    server = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0, logger: silentLogger(), tls: { cert: file('apiserver.crt'), key: file('apiserver.key'), ca: file('ca.crt') }, security });
    await run('bash', [PKI, 'kubeconfig', dir, 'admin', server.url, join(dir, 'admin.kubeconfig')]);
    await run('bash', [PKI, 'kubeconfig', dir, 'controller-manager', server.url, join(dir, 'cm.kubeconfig')]);
    manager = spawn(process.execPath, [join(ROOT, 'controller-manager/main.ts'), `--kubeconfig=${join(dir, 'cm.kubeconfig')}`, '--controllers=csrsigning', '--leader-elect=false', '--port=0', `--cluster-signing-cert-file=${join(dir, 'ca.crt')}`, `--cluster-signing-key-file=${join(dir, 'ca.key')}`, ...managerFlags], { stdio: ['ignore', 'pipe', 'pipe'] });
    manager.stdout!.on('data', (c) => (log += c));
    manager.stderr!.on('data', (c) => (log += c));
    // The bootstrap kubeconfig a joining node gets: the CA and a bootstrap token, nothing else.
    const token = (await skiffctl('token', 'create', '--ttl', '1h')).stdout.trim();
    await writeFile(join(dir, 'bootstrap.kubeconfig'), `apiVersion: v1
kind: Config
clusters: [{name: skiff, cluster: {server: "${server.url}", certificate-authority-data: ${file('ca.crt').toString('base64')}}}]
users: [{name: kubelet-bootstrap, user: {token: ${token}}}]
contexts: [{name: bootstrap, context: {cluster: skiff, user: kubelet-bootstrap}}]
current-context: bootstrap
`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, server, file, skiffctl, managerLog: () => log, stop };
}

/** waitUntil polls ok every 100 ms until it holds or ms pass (then throws with the tail of seen()). */
export async function waitUntil(ok: () => boolean | Promise<boolean>, ms: number, seen: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out; last output:\n${seen().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
