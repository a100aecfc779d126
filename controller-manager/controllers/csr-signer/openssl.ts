import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** CsrSubject is what a PEM certificate request asks for. */
export interface CsrSubject {
  commonName: string;
  organizations: string[];
  /** other is every RDN besides CN and O (a node client CSR must have none). */
  other: string[];
  /** hasExtensions: SANs or other requested extensions (a node client CSR must ask for none). */
  hasExtensions: boolean;
  /** dnsNames and ipAddresses are the requested subject alternative names (a kubelet serving CSR's). */
  dnsNames: string[];
  ipAddresses: string[];
  /** otherSans are SANs of any other kind (email, URI, …): no node certificate may carry them. */
  otherSans: string[];
}

/** parseSans reads the "X509v3 Subject Alternative Name" line of `openssl req -text`. */
export function parseSans(text: string): Pick<CsrSubject, 'dnsNames' | 'ipAddresses' | 'otherSans'> {
  const out = { dnsNames: [] as string[], ipAddresses: [] as string[], otherSans: [] as string[] };
  const m = /X509v3 Subject Alternative Name:[^\n]*\n\s*([^\n]*)/.exec(text);
  for (const san of (m?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (san.startsWith('DNS:')) out.dnsNames.push(san.slice(4));
    else if (san.startsWith('IP Address:')) out.ipAddresses.push(san.slice(11));
    else out.otherSans.push(san);
  }
  return out;
}

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-csr-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** inspectCsr verifies a PEM CSR's self-signature with openssl and returns its subject. */
export async function inspectCsr(pem: string): Promise<CsrSubject> {
  return withTemp(async (dir) => {
    const file = join(dir, 'req.pem');
    await writeFile(file, pem);
    await run('openssl', ['req', '-in', file, '-noout', '-verify']);
    const { stdout } = await run('openssl', ['req', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,sep_multiline,utf8']);
    const { stdout: text } = await run('openssl', ['req', '-in', file, '-noout', '-text']);
    const rdns = stdout.split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
    const subject: CsrSubject = { commonName: '', organizations: [], other: [], hasExtensions: /Requested Extensions:\s*\n\s+X509v3/.test(text), ...parseSans(text) };
    for (const rdn of rdns) {
      const [k, ...v] = rdn.split('=');
      if (k === 'CN') subject.commonName = v.join('=');
      else if (k === 'O') subject.organizations.push(v.join('='));
      else subject.other.push(rdn);
    }
    return subject;
  });
}

/** Issued says what kind of certificate signCsr makes: a client one, or a server one for the given SANs. */
export type Issued = { usage: 'clientAuth' } | { usage: 'serverAuth'; dnsNames: string[]; ipAddresses: string[] };

/** extensionsFor writes the X.509 extensions of an issued certificate (never a CA; SANs only as checked). */
function extensionsFor(kind: Issued): string {
  const lines = ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${kind.usage}`, 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
  if (kind.usage === 'serverAuth') lines.push(`subjectAltName=${[...kind.dnsNames.map((d) => `DNS:${d}`), ...kind.ipAddresses.map((i) => `IP:${i}`)].join(',')}`);
  return lines.join('\n') + '\n';
}

/** asn1Time is an ASN.1 UTCTime for openssl ca (-startdate/-enddate): YYMMDDHHMMSSZ. */
function asn1Time(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

/** caConfig is a minimal `openssl ca` configuration: every subject as requested, no database rules. */
function caConfig(dir: string): string {
  return `[ca]\ndefault_ca = d\n[d]\ndatabase = ${join(dir, 'index.txt')}\nnew_certs_dir = ${dir}\nserial = ${join(dir, 'serial')}\ncertificate = ${join(dir, 'ca.crt')}\nprivate_key = ${join(dir, 'ca.key')}\ndefault_md = sha256\npolicy = p\nunique_subject = no\n[p]\ncommonName = supplied\n`;
}

/**
 * signCsr issues a certificate for a PEM CSR with the cluster CA, valid from now for durationMs
 * (--cluster-signing-duration): clientAuth by default, or serverAuth with exactly the SANs given
 * (the CSR's own extensions are never copied). `openssl ca` rather than `openssl x509 -days`:
 * only it takes a validity to the second (OpenSSL 3.0).
 */
export async function signCsr(pem: string, ca: { cert: string; key: string }, durationMs: number, kind: Issued = { usage: 'clientAuth' }): Promise<string> {
  return withTemp(async (dir) => {
    const f = (n: string) => join(dir, n);
    await Promise.all([
      writeFile(f('req.pem'), pem), writeFile(f('ca.crt'), ca.cert), writeFile(f('ca.key'), ca.key, { mode: 0o600 }), writeFile(f('ext'), extensionsFor(kind)),
      writeFile(f('ca.cnf'), caConfig(dir)), writeFile(f('index.txt'), ''),
    ]);
    const now = Date.now();
    await run('openssl', ['ca', '-batch', '-config', f('ca.cnf'), '-in', f('req.pem'), '-out', f('out.crt'), '-notext', '-preserveDN', '-rand_serial',
      '-startdate', asn1Time(now), '-enddate', asn1Time(now + durationMs), '-extfile', f('ext')]);
    return readFile(f('out.crt'), 'utf8');
  });
}
