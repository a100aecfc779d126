/**
 * The kubelet TLS bootstrap on a fake client: a fake signer (a reactor that signs with a
 * throwaway openssl CA when the CSR is read) stands in for the controller-manager.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import { newUnauthorized } from '../../api/errors.ts';
import { Resources } from '../../api/resources.ts';
import { createFakeClient, type FakeClient } from '../../client/fake/fake-client.ts';
import { loadKubeconfig } from '../../client/kubeconfig.ts';
import { realClock } from '../../client/clock.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { bootstrapClientCertificate, KUBELET_CLIENT_SIGNER, PENDING_KEY_FILE, type BootstrapOptions } from './bootstrap.ts';
import { CERT_FILE, KEY_FILE, certStillValid } from './credentials.ts';

const CSRS = Resources.certificatesigningrequests;
const log = silentLogger();
let ca: string;
let dir: string;
let fake: FakeClient;
let signing: 'approve' | 'deny' | 'never';

const openssl = (args: string[], input?: string) => execFileSync('openssl', args, { input, encoding: 'utf8' });

/** sign issues a 1-day client certificate for a PEM CSR with the throwaway CA. */
function sign(csrPem: string): string {
  writeFileSync(join(ca, 'req.pem'), csrPem);
  return openssl(['x509', '-req', '-in', join(ca, 'req.pem'), '-CA', join(ca, 'ca.crt'), '-CAkey', join(ca, 'ca.key'), '-CAcreateserial', '-days', '1', '-sha256']);
}

/** fakeSigner approves and signs (or denies) every pending CSR when it is read. */
function installFakeSigner(f: FakeClient): void {
  f.prependReactor('get', 'certificatesigningrequests', (a) => {
    if (signing === 'never') return undefined;
    const csr = f.tracker.get(CSRS, undefined, a.name!) as CertificateSigningRequest;
    if (csr.status?.conditions?.length) return undefined;
    const pem = Buffer.from(csr.spec.request, 'base64').toString();
    const status = signing === 'deny'
      ? { conditions: [{ type: 'Denied', status: 'True', reason: 'TestDeny', message: 'no' }] }
      : { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }], certificate: Buffer.from(sign(pem)).toString('base64') };
    f.tracker.update(CSRS, { ...csr, status } as CertificateSigningRequest, 'status');
    return undefined;
  });
}

beforeAll(() => {
  ca = mkdtempSync(join(tmpdir(), 'skiff-boot-ca-'));
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(ca, 'ca.key'), '-out', join(ca, 'ca.crt'), '-subj', '/CN=test-ca', '-days', '2']);
});
afterAll(() => rmSync(ca, { recursive: true, force: true }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-boot-'));
  signing = 'approve';
  fake = createFakeClient();
  installFakeSigner(fake);
  writeFileSync(join(dir, 'bootstrap.kubeconfig'), `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443", certificate-authority-data: ${Buffer.from('CA-PEM').toString('base64')}}}]
users: [{name: u, user: {token: abcdef.0123456789abcdef}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
  return () => rmSync(dir, { recursive: true, force: true });
});

const opts = (extra: Partial<BootstrapOptions> = {}): BootstrapOptions => ({
  kubeconfigPath: join(dir, 'kubelet.kubeconfig'), bootstrapKubeconfigPath: join(dir, 'bootstrap.kubeconfig'), certDir: join(dir, 'pki'),
  nodeName: 'n1', log, pollMs: 5, timeoutMs: 5_000, newClient: () => fake.client, ...extra,
});
const creates = () => fake.actions.filter((a) => a.verb === 'create' && a.resource === 'certificatesigningrequests');

describe('bootstrapClientCertificate', () => {
  it('files a node client CSR with the bootstrap client and writes key, cert and a kubeconfig pointing at them', async () => {
    expect(await bootstrapClientCertificate(opts())).toBe('new-cert');
    const [created] = creates();
    const csr = created.object as CertificateSigningRequest;
    expect(csr.spec).toMatchObject({ signerName: KUBELET_CLIENT_SIGNER, usages: ['digital signature', 'client auth'] });
    expect(csr.metadata.name).toMatch(/^node-csr-[0-9a-f]{32}$/);
    const subject = openssl(['req', '-noout', '-verify', '-subject', '-nameopt', 'RFC2253'], Buffer.from(csr.spec.request, 'base64').toString());
    expect(subject.trim()).toBe('subject=CN=system:node:n1,O=system:nodes');

    const k = loadKubeconfig({ path: join(dir, 'kubelet.kubeconfig') });
    expect(k).toMatchObject({ server: 'https://10.0.0.1:6443', ca: 'CA-PEM', token: undefined });
    expect(k.cert).toBe(readFileSync(join(dir, 'pki', CERT_FILE), 'utf8'));
    expect(certStillValid(k.cert, k.key, new Date())).toBe(true);
    expect(existsSync(join(dir, 'pki', PENDING_KEY_FILE))).toBe(false);
  });

  it('skips the CSR on a restart with a valid kubeconfig', async () => {
    await bootstrapClientCertificate(opts());
    fake.clearActions();
    expect(await bootstrapClientCertificate(opts())).toBe('existing-kubeconfig');
    expect(fake.actions).toEqual([]);
  });

  it('rewrites a lost kubeconfig from the valid certificate in cert-dir without a new CSR', async () => {
    await bootstrapClientCertificate(opts());
    rmSync(join(dir, 'kubelet.kubeconfig'));
    fake.clearActions();
    expect(await bootstrapClientCertificate(opts())).toBe('existing-cert');
    expect(fake.actions).toEqual([]);
    expect(loadKubeconfig({ path: join(dir, 'kubelet.kubeconfig') }).cert).toContain('BEGIN CERTIFICATE');
  });

  it('bootstraps again when the kubeconfig is unreadable or its certificate has expired', async () => {
    writeFileSync(join(dir, 'kubelet.kubeconfig'), 'not: [a kubeconfig');
    expect(await bootstrapClientCertificate(opts())).toBe('new-cert');
    const k = loadKubeconfig({ path: join(dir, 'kubelet.kubeconfig') });
    expect(certStillValid(k.cert, k.key, new Date(Date.now() + 3 * 86_400_000))).toBe(false);
    // Two days on, the 1-day certificate (in kubeconfig and cert-dir) is expired: a new CSR is filed.
    const later = { ...realClock, now: () => Date.now() + 2 * 86_400_000 };
    signing = 'never';
    await expect(bootstrapClientCertificate(opts({ clock: later, timeoutMs: 0 }))).rejects.toThrow(/timed out .*pending approval/);
    expect(creates()).toHaveLength(2);
  });

  it('a kubelet restarted while its CSR waits finds the same CSR instead of filing another', async () => {
    signing = 'never';
    await expect(bootstrapClientCertificate(opts({ timeoutMs: 20 }))).rejects.toThrow(/timed out/);
    expect(existsSync(join(dir, 'pki', PENDING_KEY_FILE))).toBe(true);
    signing = 'approve';
    expect(await bootstrapClientCertificate(opts())).toBe('new-cert');
    expect(fake.tracker.list(CSRS).items).toHaveLength(1);
    expect(creates()).toHaveLength(2);
  });

  it('a denied CSR fails the bootstrap and drops the pending key, so the next try asks anew', async () => {
    signing = 'deny';
    await expect(bootstrapClientCertificate(opts())).rejects.toThrow(/was denied: TestDeny no/);
    expect(existsSync(join(dir, 'pki', PENDING_KEY_FILE))).toBe(false);
    expect(existsSync(join(dir, 'kubelet.kubeconfig'))).toBe(false);
  });

  it('keeps trying while the API server cannot be reached, until it files the CSR', async () => {
    let refusals = 2;
    fake.prependReactor('create', 'certificatesigningrequests', () => (refusals-- > 0 ? { handled: true, error: new Error('connect ECONNREFUSED 10.0.0.1:6443') } : undefined));
    expect(await bootstrapClientCertificate(opts())).toBe('new-cert');
    expect(creates()).toHaveLength(3);
  });

  it('gives up at once when the API server refuses the token (401), keeping the pending key', async () => {
    fake.prependReactor('create', 'certificatesigningrequests', () => ({ handled: true, error: newUnauthorized() }));
    await expect(bootstrapClientCertificate(opts())).rejects.toThrow(/Unauthorized/);
    expect(creates()).toHaveLength(1);
    expect(existsSync(join(dir, 'pki', PENDING_KEY_FILE))).toBe(true);
  });

  it('fails on a missing bootstrap kubeconfig', async () => {
    await expect(bootstrapClientCertificate(opts({ bootstrapKubeconfigPath: join(dir, 'missing') }))).rejects.toThrow(/context/);
  });
});
