import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCsrPem, ipBytes } from './csr-pem.ts';

const testdata = (f: string) => readFileSync(join(import.meta.dirname, 'testdata', f), 'utf8');

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

  it('without SANs the output is byte for byte what it was before SANs existed (RSA signatures are deterministic)', () => {
    const key = createPrivateKey(testdata('rsa-2048.key'));
    const subject = { commonName: 'system:node:n1', organizations: ['system:nodes'] };
    expect(createCsrPem(key, subject)).toBe(testdata('no-san.csr'));
    expect(createCsrPem(key, subject, { dnsNames: [], ipAddresses: [] })).toBe(testdata('no-san.csr'));
  });

  for (const [name, key] of Object.entries(keys)) {
    it(`asks for DNS, IPv4 and IPv6 subject alternative names in an extension request: ${name}`, () => {
      const pem = createCsrPem(key, { commonName: 'system:node:n1', organizations: ['system:nodes'] }, {
        dnsNames: ['n1', 'n1.example.internal'], ipAddresses: ['10.0.0.7', 'fd00::1', '2001:db8:0:0:1::ff', '::ffff:192.168.1.2'],
      });
      const out = opensslReq(pem);
      expect(out).toContain('subject=CN=system:node:n1,O=system:nodes');
      expect(out).toMatch(/Requested Extensions:\s*\n\s*X509v3 Subject Alternative Name: *\n\s*DNS:n1, DNS:n1.example.internal, IP Address:10.0.0.7, IP Address:FD00:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:1:0:0:FF, IP Address:0:0:0:0:0:FFFF:C0A8:102\s*\n/);
      // Not critical: a verifier that does not know the extension may ignore it.
      expect(out).not.toMatch(/critical/);
    });
  }

  it('encodes IP addresses in network order', () => {
    expect(ipBytes('192.168.1.2').toString('hex')).toBe('c0a80102');
    expect(ipBytes('::1').toString('hex')).toBe('0'.repeat(31) + '1');
    expect(ipBytes('fe80::a:b').toString('hex')).toBe('fe80' + '0'.repeat(20) + '000a000b');
    expect(ipBytes('1:2:3:4:5:6:7:8').toString('hex')).toBe('00010002000300040005000600070008');
    expect(() => ipBytes('n1')).toThrow(/not an IP/);
  });

  it('refuses a non-ASCII DNS name', () => {
    expect(() => createCsrPem(keys['EC P-256 / ecdsa-with-SHA256'], { commonName: 'x', organizations: [] }, { dnsNames: ['système'] })).toThrow(/ASCII/);
  });

  it('refuses key types a CSR signature here cannot use', () => {
    expect(() => createCsrPem(generateKeyPairSync('ed25519').privateKey, { commonName: 'x', organizations: [] })).toThrow(/EC or RSA/);
  });
});
