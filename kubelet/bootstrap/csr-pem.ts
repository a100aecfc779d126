/**
 * A PKCS#10 certificate request in DER, built by hand: node:crypto makes keys and signatures but
 * no CSRs, and the kubelet should not need the openssl binary to join a cluster. Only what a node
 * client certificate request needs: a subject of O and CN, no attributes or extensions, an EC
 * (P-256, ECDSA-SHA256) or RSA (SHA256-RSA) key.
 */
import { createPublicKey, sign, type KeyObject } from 'node:crypto';

/** CsrSubject is the distinguished name asked for: organizations then the common name (Go's order). */
export interface CsrSubject {
  commonName: string;
  organizations: string[];
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups: number[] = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Buffer.from(out));
}

const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const NULL = Buffer.from([0x05, 0x00]);

function rdn(type: string, value: string): Buffer {
  return set(seq(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))));
}

/** subjectDer encodes the Name: one RDN per organization, then the CN. */
function subjectDer(s: CsrSubject): Buffer {
  return seq(...s.organizations.map((o) => rdn(OID_O, o)), rdn(OID_CN, s.commonName));
}

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return seq(oid('1.2.840.10045.4.3.2'));
  if (key.asymmetricKeyType === 'rsa') return seq(oid('1.2.840.113549.1.1.11'), NULL);
  throw new Error(`CSR keys must be EC or RSA, not ${key.asymmetricKeyType}`);
}

/** createCsrPem returns a PEM "CERTIFICATE REQUEST" for subject, signed with privateKey. */
export function createCsrPem(privateKey: KeyObject, subject: CsrSubject): string {
  const algorithm = signatureAlgorithm(privateKey);
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  // version 0, subject, subjectPKInfo, attributes [0] (empty).
  const info = seq(tlv(0x02, Buffer.from([0])), subjectDer(subject), spki, Buffer.from([0xa0, 0x00]));
  // ECDSA signatures come out DER-encoded by default, as X.509 wants them.
  const signature = sign('sha256', info, privateKey);
  const der = seq(info, algorithm, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}
