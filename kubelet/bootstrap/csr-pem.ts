/**
 * A PKCS#10 certificate request in DER, built by hand: node:crypto makes keys and signatures but
 * no CSRs, and the kubelet should not need the openssl binary to join a cluster. Only what a node
 * client or serving certificate request needs: a subject of O and CN, optionally a requested
 * subjectAltName extension (DNS names, IPv4/IPv6 addresses: the kubelet's serving certificate),
 * an EC (P-256, ECDSA-SHA256) or RSA (SHA256-RSA) key. Without SANs there are no attributes at all.
 */
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

/** CsrSubject is the distinguished name asked for: organizations then the common name (Go's order). */
export interface CsrSubject {
  commonName: string;
  organizations: string[];
}

/** CsrSans are the subject alternative names asked for (none: no extension request). */
export interface CsrSans {
  dnsNames?: string[];
  ipAddresses?: string[];
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
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const NULL = Buffer.from([0x05, 0x00]);

function rdn(type: string, value: string): Buffer {
  return set(seq(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))));
}

/** subjectDer encodes the Name: one RDN per organization, then the CN. */
function subjectDer(s: CsrSubject): Buffer {
  return seq(...s.organizations.map((o) => rdn(OID_O, o)), rdn(OID_CN, s.commonName));
}

/**
 * ipBytes is the network-order form of an IPv4 (4 bytes) or IPv6 (16 bytes) address, as an
 * X.509 iPAddress carries it; IPv6 may use "::" and a dotted IPv4 tail.
 */
export function ipBytes(ip: string): Buffer {
  const family = isIP(ip);
  if (family === 4) return Buffer.from(ip.split('.').map(Number));
  if (family !== 6) throw new Error(`"${ip}" is not an IP address`);
  let text = ip.split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 * i));
  return out;
}

/** generalNames encodes SANs: dNSName [2] IA5String, then iPAddress [7] OCTET STRING. */
function generalNames(sans: CsrSans): Buffer {
  const dns = (sans.dnsNames ?? []).map((d) => {
    // IA5String is ASCII: an internationalised name must come punycoded.
    if (!/^[\x21-\x7e]+$/.test(d)) throw new Error(`DNS name "${d}" must be non-empty printable ASCII`);
    return tlv(0x82, Buffer.from(d, 'ascii'));
  });
  const ips = (sans.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip)));
  return seq(...dns, ...ips);
}

/**
 * attributesDer is the CSR's attributes [0]: empty without SANs (byte for byte what a client
 * CSR always was), else one extensionRequest (PKCS#9) holding a non-critical subjectAltName.
 */
function attributesDer(sans: CsrSans | undefined): Buffer {
  if (!sans?.dnsNames?.length && !sans?.ipAddresses?.length) return Buffer.from([0xa0, 0x00]);
  const extension = seq(oid(OID_SUBJECT_ALT_NAME), tlv(0x04, generalNames(sans)));
  return tlv(0xa0, seq(oid(OID_EXTENSION_REQUEST), set(seq(extension))));
}

/**
 * certificationRequestInfo is the signed part of the CSR (version 0, subject, subjectPKInfo,
 * attributes). It is deterministic, so a stored CSR can be checked against what is wanted now.
 */
export function certificationRequestInfo(privateKey: KeyObject, subject: CsrSubject, sans?: CsrSans): Buffer {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return seq(tlv(0x02, Buffer.from([0])), subjectDer(subject), spki, attributesDer(sans));
}

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return seq(oid('1.2.840.10045.4.3.2'));
  if (key.asymmetricKeyType === 'rsa') return seq(oid('1.2.840.113549.1.1.11'), NULL);
  throw new Error(`CSR keys must be EC or RSA, not ${key.asymmetricKeyType}`);
}

/** createCsrPem returns a PEM "CERTIFICATE REQUEST" for subject (and SANs, if any), signed with privateKey. */
export function createCsrPem(privateKey: KeyObject, subject: CsrSubject, sans?: CsrSans): string {
  const algorithm = signatureAlgorithm(privateKey);
  const info = certificationRequestInfo(privateKey, subject, sans);
  // ECDSA signatures come out DER-encoded by default, as X.509 wants them.
  const signature = sign('sha256', info, privateKey);
  const der = seq(info, algorithm, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}
