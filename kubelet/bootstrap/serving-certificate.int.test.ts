/**
 * The kubelet's serving certificate from the CSR flow against the real thing (the cluster of
 * kubelet/testing/secure-cluster.ts: TLS API server with Node,RBAC, real controller-manager
 * running only the CSR signer): a bootstrapped node identity gets a kubelet-serving certificate
 * signed by the cluster CA for exactly its addresses, approved automatically once its Node has
 * registered them; a node asking for another node's address or name is not approved; and
 * `kubelet/main.ts --rotate-server-certificates` serves its API over HTTPS with such a certificate
 * (that part runs the kubelet on the real Docker engine, on its own network, no pods).
 */
import { spawn } from 'node:child_process';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import type { Node } from '../../api/core/v1/node.ts';
import { Resources } from '../../api/resources.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import type { Client } from '../../client/types.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { cleanupNode, randomSubnet } from '../testing/harness.ts';
import { ROOT, startSecureCluster, waitUntil, type SecureCluster } from '../testing/secure-cluster.ts';
import { bootstrapClientCertificate, csrName } from './bootstrap.ts';
import { createCsrPem } from './csr-pem.ts';
import { KUBELET_SERVING_SIGNER, SERVING_USAGES, ServingCertificateManager, servingSans } from './serving-certificate.ts';

let cluster: SecureCluster;
let admin: Client;
const clients: Client[] = [];
const stops: AbortController[] = [];

beforeAll(async () => {
  cluster = await startSecureCluster('skiff-kubelet-serving-');
  admin = clientFromKubeconfig(join(cluster.dir, 'admin.kubeconfig'), 'test-admin');
}, 120_000);

afterAll(async () => {
  for (const s of stops) s.abort();
  for (const c of [...clients, admin]) await c?.close();
  await cluster?.stop();
});

/** nodeClient bootstraps node credentials for name (bootstrap token → client cert) and connects with them. */
async function nodeClient(name: string): Promise<Client> {
  const kubeconfigPath = join(cluster.dir, name, 'kubelet.kubeconfig');
  await bootstrapClientCertificate({
    kubeconfigPath, bootstrapKubeconfigPath: join(cluster.dir, 'bootstrap.kubeconfig'), certDir: join(cluster.dir, name, 'pki'),
    nodeName: name, log: silentLogger(), timeoutMs: 60_000, pollMs: 200,
  });
  const c = clientFromKubeconfig(kubeconfigPath, `test-${name}`);
  clients.push(c);
  return c;
}

const csrs = () => admin.resource<CertificateSigningRequest>(Resources.certificatesigningrequests);
const managerSaid = (csr: string, text: RegExp) => cluster.managerLog().split('\n').some((l) => l.includes(`"csr":"${csr}"`) && text.test(l));
const registerNode = (c: Client, name: string, ip: string) => c.resource<Node>(Resources.nodes).create(undefined, {
  apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }] },
} as Node);

describe('kubelet serving certificate (kubernetes.io/kubelet-serving)', () => {
  it('is issued by the cluster CA for exactly the node\'s addresses, auto-approved once its Node has registered them', async () => {
    const asNode = await nodeClient('sa');
    const manager = new ServingCertificateManager({ client: asNode, certDir: join(cluster.dir, 'sa', 'pki'), nodeName: 'sa', sans: servingSans('sa', '10.77.0.1'), log: silentLogger(), pollMs: 200 });
    const stop = new AbortController();
    stops.push(stop);
    void manager.run(stop.signal);

    // Filed before the Node exists: the signer waits for it.
    let name = '';
    await waitUntil(async () => {
      name = (await csrs().list(undefined)).items.find((c) => c.spec.signerName === KUBELET_SERVING_SIGNER && c.spec.username === 'system:node:sa')?.metadata.name ?? '';
      return !!name && managerSaid(name, /"reason":"node sa is not registered yet","msg":"CSR waits for its node"/);
    }, 30_000, cluster.managerLog);

    await registerNode(asNode, 'sa', '10.77.0.1');
    const pair = await manager.ready();
    const cert = new X509Certificate(pair!.cert);
    const ca = new X509Certificate(cluster.file('ca.crt'));
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subject.split('\n').sort()).toEqual(['CN=system:node:sa', 'O=system:nodes']);
    expect(cert.subjectAltName).toBe('DNS:sa, IP Address:10.77.0.1');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // server auth only
    const csr = await csrs().get(undefined, name);
    expect(csr.spec).toMatchObject({ signerName: KUBELET_SERVING_SIGNER, usages: SERVING_USAGES, username: 'system:node:sa' });
    expect(csr.status?.conditions).toEqual([expect.objectContaining({ type: 'Approved', status: 'True', reason: 'AutoApproved' })]);
    stop.abort();
  }, 90_000);

  it('is not approved when a node asks for another node\'s address, or in another node\'s name', async () => {
    const asNode = await nodeClient('sc');
    await registerNode(asNode, 'sc', '10.77.0.3');
    await registerNode(admin, 'sd', '10.77.0.4');
    const file = async (cn: string, sans: { dnsNames?: string[]; ipAddresses?: string[] }) => {
      const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
      const name = csrName(cn, key);
      const request = Buffer.from(createCsrPem(key, { commonName: `system:node:${cn}`, organizations: ['system:nodes'] }, sans)).toString('base64');
      await asNode.resource<CertificateSigningRequest>(Resources.certificatesigningrequests).create(undefined, {
        apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec: { request, signerName: KUBELET_SERVING_SIGNER, usages: SERVING_USAGES },
      });
      return name;
    };
    const theirAddress = await file('sc', { dnsNames: ['sc'], ipAddresses: ['10.77.0.4'] });
    const theirName = await file('sd', { dnsNames: ['sd'], ipAddresses: ['10.77.0.4'] });
    await waitUntil(() => managerSaid(theirAddress, /SANs 10.77.0.4 are not addresses of node sc/), 30_000, cluster.managerLog);
    await waitUntil(() => managerSaid(theirName, /requester system:node:sc is not node sd itself/), 30_000, cluster.managerLog);
    for (const n of [theirAddress, theirName]) {
      const csr = await csrs().get(undefined, n);
      expect(csr.status?.conditions ?? [], n).toEqual([]);
      expect(csr.status?.certificate, n).toBeUndefined();
    }
  }, 90_000);

  it('kubelet/main.ts --rotate-server-certificates serves the kubelet API over HTTPS with a certificate chaining to the cluster CA', async () => {
    const name = `sk-${Math.random().toString(36).slice(2, 8)}`;
    const rootDir = mkdtempSync(join(tmpdir(), 'skiff-kubelet-'));
    const networkName = `skiff-${name}`;
    const port = await freePort();
    const kubelet = spawn(process.execPath, [
      join(ROOT, 'kubelet/main.ts'), `--node-name=${name}`, '--node-ip=127.0.0.1', '--address=127.0.0.1', `--port=${port}`,
      `--kubeconfig=${join(rootDir, 'kubelet.kubeconfig')}`, `--bootstrap-kubeconfig=${join(cluster.dir, 'bootstrap.kubeconfig')}`, `--root-dir=${rootDir}`,
      '--rotate-server-certificates', `--client-ca-file=${join(cluster.dir, 'ca.crt')}`,
      `--pod-cidr=${randomSubnet()}`, `--network-name=${networkName}`, '--manage-host-network=false',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    kubelet.stdout!.on('data', (c) => (out += c));
    kubelet.stderr!.on('data', (c) => (out += c));
    const exited = new Promise((resolve) => kubelet.on('exit', resolve));
    try {
      await waitUntil(() => out.includes('kubelet API listening') || kubelet.exitCode !== null, 90_000, () => `${out}\n--- controller-manager:\n${cluster.managerLog().slice(-2000)}`);
      expect(out).toContain('kubelet API not listening yet: waiting for its serving certificate');
      let answer = { code: 0, cert: undefined as X509Certificate | undefined };
      await waitUntil(async () => (answer = await healthz(port)).code === 200, 30_000, () => out);
      const ca = new X509Certificate(cluster.file('ca.crt'));
      expect(answer.cert!.checkIssued(ca) && answer.cert!.verify(ca.publicKey)).toBe(true);
      expect(answer.cert!.subjectAltName).toBe(`DNS:${name}, IP Address:127.0.0.1`);
      expect(readFileSync(join(rootDir, 'pki', 'kubelet-server.crt'), 'utf8')).toBe(answer.cert!.toString());
      // One request: a year-long certificate schedules its renewal months ahead, not at once.
      const mine = (await csrs().list(undefined)).items.filter((c) => c.spec.signerName === KUBELET_SERVING_SIGNER && c.spec.username === `system:node:${name}`);
      expect(mine.map((c) => c.status?.conditions?.[0]?.reason)).toEqual(['AutoApproved']);
      expect(out).toMatch(/serving certificate renewal scheduled/);
    } finally {
      kubelet.kill('SIGTERM');
      await exited;
      await cleanupNode({ nodeName: name, networkName, rootDir });
    }
  }, 150_000);
});

/** healthz calls the kubelet API as the API server does (its kubelet client cert, the cluster CA) and returns the code and the serving cert. */
function healthz(port: number): Promise<{ code: number; cert: X509Certificate | undefined }> {
  return new Promise((resolve) => {
    const req = request(`https://127.0.0.1:${port}/healthz`, { ca: cluster.file('ca.crt'), cert: cluster.file('apiserver-kubelet-client.crt'), key: cluster.file('apiserver-kubelet-client.key') }, (res) => {
      const raw = (res.socket as TLSSocket).getPeerX509Certificate();
      res.resume();
      res.on('end', () => resolve({ code: res.statusCode ?? 0, cert: raw }));
    });
    req.on('error', () => resolve({ code: 0, cert: undefined }));
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
