import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resources } from '../../../api/resources.ts';
import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newCsrSignerController } from './csr-signer-controller.ts';

const run = promisify(execFile);
let dir: string;
let ca: { cert: string; key: string };

async function csrPem(subject: string, san?: string): Promise<string> {
  const key = join(dir, `${Math.random()}.key`);
  const { stdout } = await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', subject, ...(san ? ['-addext', `subjectAltName=${san}`] : [])]);
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-csr-test-'));
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'), '-subj', '/CN=test-ca', '-days', '1']);
  ca = { cert: await readFile(join(dir, 'ca.crt'), 'utf8'), key: await readFile(join(dir, 'ca.key'), 'utf8') };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const csr = (name: string, pem: string, username: string, groups: string[]): CertificateSigningRequest => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name },
  spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'], username, groups },
});

describe('csr-signer controller', () => {
  it.each([
    ['a bootstrap token asking for its node', '/O=system:nodes/CN=system:node:n1', 'system:bootstrap:abcdef', ['system:bootstrappers', 'system:authenticated'], true],
    ['a node renewing its own certificate', '/O=system:nodes/CN=system:node:n1', 'system:node:n1', ['system:nodes'], true],
    ['a node asking for another node', '/O=system:nodes/CN=system:node:n2', 'system:node:n1', ['system:nodes'], false],
    ['a bootstrap token asking for admin rights', '/O=system:masters/CN=system:node:n1', 'system:bootstrap:abcdef', ['system:bootstrappers'], false],
    ['a plain user name', '/O=system:nodes/CN=alice', 'system:bootstrap:abcdef', ['system:bootstrappers'], false],
  ])('%s → signed: %s', async (_n, subject, username, groups, signed) => {
    const h = newHarness();
    h.seed(Resources.certificatesigningrequests, csr('c', await csrPem(subject), username, groups));
    await newCsrSignerController(h.ctx, ca).sync('c');
    const updates = h.actionsOf('update', 'certificatesigningrequests');
    if (!signed) {
      expect(updates).toEqual([]);
      return;
    }
    expect(h.writes()).toEqual(['update certificatesigningrequests/status c']);
    const status = (updates[0].object as CertificateSigningRequest).status!;
    expect(status.conditions?.[0]).toMatchObject({ type: 'Approved', status: 'True' });
    const cert = new X509Certificate(Buffer.from(status.certificate!, 'base64'));
    expect(cert.subject).toContain('CN=system:node:n1');
    expect(cert.subject).toContain('O=system:nodes');
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
  });
});

describe('csr-signer controller, validity', () => {
  it.each([
    ['a year by default (kube-controller-manager\'s 8760h)', undefined, 8760 * 3_600_000],
    ['--cluster-signing-duration to the second', 90_000, 90_000],
  ])('signs for %s', async (_n, durationMs, want) => {
    const h = newHarness();
    h.seed(Resources.certificatesigningrequests, csr('c', await csrPem('/O=system:nodes/CN=system:node:n1'), 'system:node:n1', ['system:nodes']));
    const before = Math.floor(Date.now() / 1000) * 1000;
    await newCsrSignerController(h.ctx, { ...ca, durationMs }).sync('c');
    const status = (h.actionsOf('update', 'certificatesigningrequests')[0].object as CertificateSigningRequest).status!;
    const cert = new X509Certificate(Buffer.from(status.certificate!, 'base64'));
    const from = Date.parse(cert.validFrom);
    expect(from).toBeGreaterThanOrEqual(before);
    expect(Date.parse(cert.validTo) - from).toBe(want);
    expect(cert.subject).toBe('O=system:nodes\nCN=system:node:n1'); // the requested DN, in its order
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // client auth only
  });
});

const servingCsr = (pem: string, username: string, usages = ['digital signature', 'key encipherment', 'server auth']): CertificateSigningRequest => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 's' },
  spec: { request: Buffer.from(pem).toString('base64'), signerName: 'kubernetes.io/kubelet-serving', usages, username, groups: ['system:nodes', 'system:authenticated'] },
});
const w1: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'w1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.11' }, { type: 'Hostname', address: 'w1' }] } };
const W1 = '/O=system:nodes/CN=system:node:w1';

describe('csr-signer controller, kubelet serving certificates', () => {
  it.each([
    ['the node for its own IP and hostname', W1, 'DNS:w1,IP:10.0.0.11', 'system:node:w1', true],
    ['another node for w1', W1, 'DNS:w1,IP:10.0.0.11', 'system:node:w2', false],
    ['the node for the API server address too', W1, 'DNS:w1,IP:10.0.0.11,IP:10.0.0.10', 'system:node:w1', false],
    ['the node for kubernetes.default', W1, 'DNS:kubernetes.default', 'system:node:w1', false],
  ])('%s → signed: %s', async (_n, subj, san, username, signed) => {
    const h = newHarness();
    h.seed(Resources.nodes, w1);
    h.seed(Resources.certificatesigningrequests, servingCsr(await csrPem(subj, san), username));
    await newCsrSignerController(h.ctx, ca).sync('s');
    const updates = h.actionsOf('update', 'certificatesigningrequests');
    if (!signed) {
      expect(updates).toEqual([]);
      return;
    }
    const status = (updates[0].object as CertificateSigningRequest).status!;
    expect(status.conditions?.[0]).toMatchObject({ type: 'Approved', status: 'True', reason: 'AutoApproved' });
    const cert = new X509Certificate(Buffer.from(status.certificate!, 'base64'));
    expect(cert.subject).toContain('CN=system:node:w1');
    expect(cert.subjectAltName).toBe('DNS:w1, IP Address:10.0.0.11');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // server auth only
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
  });

  it('signs once the node registers its addresses (a CSR filed first waits)', async () => {
    const h = newHarness();
    h.seed(Resources.certificatesigningrequests, servingCsr(await csrPem(W1, 'IP:10.0.0.11'), 'system:node:w1'));
    const c = newCsrSignerController(h.ctx, ca);
    await c.sync('s');
    expect(h.writes()).toEqual([]);
    const first = await c.queue.get(); // the CSR's own add
    c.queue.done(first.item!);
    expect(c.queue.len()).toBe(0);
    h.seed(Resources.nodes, w1);
    expect((await c.queue.get()).item).toBe('s');
    await c.sync('s');
    expect(h.writes()).toEqual(['update certificatesigningrequests/status s']);
  });

  it('fails a human-approved serving CSR that asks for client usages instead of signing it', async () => {
    const h = newHarness();
    const req = servingCsr(await csrPem(W1, 'IP:10.0.0.11'), 'alice', ['digital signature', 'client auth']);
    req.status = { conditions: [{ type: 'Approved', status: 'True', reason: 'ByHand' }] };
    h.seed(Resources.certificatesigningrequests, req);
    await newCsrSignerController(h.ctx, ca).sync('s');
    const status = (h.actionsOf('update', 'certificatesigningrequests')[0].object as CertificateSigningRequest).status!;
    expect(status.certificate).toBeUndefined();
    expect(status.conditions?.at(-1)).toMatchObject({ type: 'Failed', reason: 'SignerValidationFailure' });
  });
});
