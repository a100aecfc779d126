/**
 * createFakeCsrSigner stands in for the controller-manager's csr-signer in unit tests of the
 * kubelet's certificate managers: a reactor on the fake client that, when a pending CSR is read,
 * approves and signs it with a throwaway openssl CA (valid from the test clock's now, for
 * lifetimeMs, the CSR's SANs copied) or denies it, as mode says.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import { Resources } from '../../api/resources.ts';
import type { FakeClient } from '../../client/fake/fake-client.ts';

const CSRS = Resources.certificatesigningrequests;

/** FakeCsrSigner is the signer; mode and lifetimeMs may be changed at any time. */
export interface FakeCsrSigner {
  mode: 'approve' | 'deny' | 'never';
  lifetimeMs: number;
  /** sign issues a certificate for a PEM CSR now. */
  sign(csrPem: string): string;
  /** install adds the reactor to a fake client. */
  install(f: FakeClient): void;
  /** close removes the CA's files. */
  close(): void;
}

const openssl = (args: string[], input?: string) => execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
const asn1Time = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

/** createFakeCsrSigner makes the CA (see the file comment); now is the test clock (epoch ms). */
export function createFakeCsrSigner(now: () => number): FakeCsrSigner {
  const ca = mkdtempSync(join(tmpdir(), 'skiff-fake-ca-'));
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(ca, 'ca.key'), '-out', join(ca, 'ca.crt'), '-subj', '/CN=test-ca', '-days', '3650']);
  writeFileSync(join(ca, 'serial'), '01\n');
  writeFileSync(join(ca, 'ca.cnf'), `[ca]
default_ca = d
[d]
dir = ${ca}
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
certificate = $dir/ca.crt
private_key = $dir/ca.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[any]
organizationName = optional
commonName = supplied
`);
  const signer: FakeCsrSigner = {
    mode: 'approve',
    lifetimeMs: 86_400_000,
    sign(csrPem) {
      writeFileSync(join(ca, 'req.pem'), csrPem);
      writeFileSync(join(ca, 'index.txt'), '');
      openssl(['ca', '-batch', '-config', join(ca, 'ca.cnf'), '-in', join(ca, 'req.pem'), '-out', join(ca, 'out.pem'), '-notext',
        '-startdate', asn1Time(now() - 1000), '-enddate', asn1Time(now() + signer.lifetimeMs)]);
      return readFileSync(join(ca, 'out.pem'), 'utf8');
    },
    install(f) {
      f.prependReactor('get', 'certificatesigningrequests', (a) => {
        if (signer.mode === 'never') return undefined;
        const csr = f.tracker.get(CSRS, undefined, a.name!) as CertificateSigningRequest;
        if (csr.status?.conditions?.length) return undefined;
        const pem = Buffer.from(csr.spec.request, 'base64').toString();
        const status = signer.mode === 'deny'
          ? { conditions: [{ type: 'Denied', status: 'True', reason: 'TestDeny', message: 'no' }] }
          : { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }], certificate: Buffer.from(signer.sign(pem)).toString('base64') };
        f.tracker.update(CSRS, { ...csr, status } as CertificateSigningRequest, 'status');
        return undefined;
      });
    },
    close: () => rmSync(ca, { recursive: true, force: true }),
  };
  return signer;
}
