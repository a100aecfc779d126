import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCsrPem } from './csr-pem.ts';

/** opensslReq checks the CSR's self-signature with openssl and returns `-subject` and `-text` output. */
const opensslReq = (pem: string) => execFileSync('openssl', ['req', '-noout', '-verify', '-subject', '-nameopt', 'RFC2253', '-text'], { input: pem, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

describe('createCsrPem', () => {
  const keys = {
    'EC P-256 / ecdsa-with-SHA256': generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey,
    'RSA 2048 / sha256WithRSAEncryption': generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
  };
  for (const [name, key] of Object.entries(keys)) {
    it(`makes a CSR openssl verifies: ${name}`, () => {
      const out = opensslReq(createCsrPem(key, { commonName: 'system:node:n1', organizations: ['system:nodes'] }));
      expect(out).toContain('subject=CN=system:node:n1,O=system:nodes');
      expect(out).toContain(`Signature Algorithm: ${name.split(' / ')[1]}`);
      expect(out).not.toMatch(/X509v3/);
    });
  }

  it('encodes long names (multi-byte DER lengths) and several organizations', () => {
    const long = `system:node:${'n'.repeat(300)}`;
    const out = opensslReq(createCsrPem(keys['EC P-256 / ecdsa-with-SHA256'], { commonName: long, organizations: ['a', 'système'] }));
    expect(out).toContain(`subject=CN=${long},O=syst\\C3\\A8me,O=a`);
  });

  it('refuses key types a CSR signature here cannot use', () => {
    expect(() => createCsrPem(generateKeyPairSync('ed25519').privateKey, { commonName: 'x', organizations: [] })).toThrow(/EC or RSA/);
  });
});
