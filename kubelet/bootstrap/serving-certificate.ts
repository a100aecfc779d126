/**
 * The kubelet API's serving certificate from the CSR flow (Kubernetes' kubelet with
 * --rotate-server-certificates, pkg/kubelet/certificate): the node files a CSR for
 * CN=system:node:<name>, O=system:nodes with its registered addresses as SANs (signer
 * kubernetes.io/kubelet-serving) using its own node credentials, keeps key + certificate in
 * --cert-dir and asks again at 70–80 % of the lifetime, handing each new pair to whoever serves
 * it. The csr-signer approves only once the Node has registered those addresses, so nothing
 * else in the kubelet may wait for this.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../../component-base/logger.ts';
import type { Client } from '../../client/types.ts';
import { CertificateRotator, type CertPair, type RotationTiming } from './certificate-rotation.ts';
import { ipBytes, type CsrSans } from './csr-pem.ts';

/** KUBELET_SERVING_SIGNER signs the kubelet API's serving certificates. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

/** SERVING_USAGES are the key usages a kubelet-serving CSR asks for (Kubernetes' kubelet's). */
export const SERVING_USAGES = ['digital signature', 'key encipherment', 'server auth'];

/** The serving pair and the request still waiting for approval, inside --cert-dir. */
export const SERVING_CERT_FILE = 'kubelet-server.crt';
export const SERVING_KEY_FILE = 'kubelet-server.key';
export const SERVING_PENDING_KEY_FILE = 'kubelet-server.key.pending';
export const SERVING_PENDING_CSR_FILE = 'kubelet-server.csr.pending';

/** ServingPair is a PEM certificate and its PEM (PKCS#8) key. */
export type ServingPair = CertPair;

/**
 * servingSans are the names the kubelet API is reached by: the node IP it registers as
 * InternalIP and the node name it registers as Hostname (node-status.ts nodeStatus), the only
 * SANs the csr-signer approves. A node name that is an IP is left out: the signer accepts IP SANs
 * only among InternalIP/ExternalIP, and as a DNS name it would match no connection.
 */
export function servingSans(nodeName: string, nodeIP: string): Required<CsrSans> {
  return { dnsNames: isIP(nodeName) === 0 ? [nodeName] : [], ipAddresses: [nodeIP] };
}

/** ServingCertificateOptions configure a ServingCertificateManager. */
export interface ServingCertificateOptions extends RotationTiming {
  /** client carries the node's own credentials (system:node:<name>): the CSR's requester must be the node. */
  client: Client;
  certDir: string;
  nodeName: string;
  sans: CsrSans;
  log: Logger;
}

/**
 * ServingCertificateManager owns the kubelet API's serving pair (a CertificateRotator): run()
 * loads or requests it and renews it until the signal aborts; ready() resolves with the first
 * pair; onRotate() listeners get every later one (the server swaps its TLS context). A stored
 * certificate past 80 % of its lifetime or for other addresses is not served: a new one is
 * requested first.
 */
export class ServingCertificateManager extends CertificateRotator {
  constructor(o: ServingCertificateOptions) {
    const { certDir, sans, log } = o;
    super({
      ...o,
      kind: {
        what: 'serving',
        signerName: KUBELET_SERVING_SIGNER,
        usages: SERVING_USAGES,
        subject: { commonName: `system:node:${o.nodeName}`, organizations: ['system:nodes'] },
        sans,
        files: {
          cert: join(certDir, SERVING_CERT_FILE), key: join(certDir, SERVING_KEY_FILE),
          pendingKey: join(certDir, SERVING_PENDING_KEY_FILE), pendingCsr: join(certDir, SERVING_PENDING_CSR_FILE),
        },
        usable: (cert, due) => {
          if (due) return false;
          if (sansMatch(cert, sans)) return true;
          log.info({ want: sans, have: cert.subjectAltName }, 'the stored serving certificate is for other addresses: requesting a new one');
          return false;
        },
        stillWaiting: (err) => `still no serving certificate, the kubelet API is not serving: ${err.message}; the csr-signer approves once Node ${o.nodeName} has these addresses in status.addresses`,
      },
    });
  }
}

/** sansMatch tells whether the certificate names exactly the wanted DNS names and IPs (IPs compared as bytes). */
export function sansMatch(cert: X509Certificate, want: CsrSans): boolean {
  const have = (cert.subjectAltName ?? '').split(', ').filter(Boolean);
  const dns = have.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  const ips = have.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11));
  if (dns.length + ips.length !== have.length) return false;
  const key = (list: string[]) => [...new Set(list)].sort().join(',');
  const ipKey = (list: string[]) => {
    try {
      return key(list.map((ip) => ipBytes(ip).toString('hex')));
    } catch {
      return '!';
    }
  };
  return key(dns) === key(want.dnsNames ?? []) && ipKey(ips) === ipKey(want.ipAddresses ?? []);
}
