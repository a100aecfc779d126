import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resources } from '../../../api/resources.ts';
import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newCsrSignerController } from './csr-signer-controller.ts';

const run = promisify(execFile);
let dir: string;
let ca: { cert: string; key: string };

async function csrPem(subject: string): Promise<string> {
  const key = join(dir, `${Math.random()}.key`);
  const { stdout } = await run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', subject]);
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
