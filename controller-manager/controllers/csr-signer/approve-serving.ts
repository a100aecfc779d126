import { isIP } from 'node:net';
import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import type { CsrSubject } from './openssl.ts';

/** KUBELET_SERVING_SIGNER is the signer of the kubelet API's serving certificates. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

const SERVING_USAGES = new Set(['digital signature', 'key encipherment', 'server auth']);

/** Decision is an approver's answer; wait means "ask again when the Node changes". */
export interface Decision {
  approve: boolean;
  reason: string;
  wait?: boolean;
}

/** servingNodeName returns <name> of a CSR shaped CN=system:node:<name>, O=system:nodes, or ''. */
function servingNodeName(subject: CsrSubject): string {
  const node = subject.commonName.startsWith('system:node:') ? subject.commonName.slice('system:node:'.length) : '';
  const onlyNodes = subject.organizations.length === 1 && subject.organizations[0] === 'system:nodes' && subject.other.length === 0;
  return onlyNodes ? node : '';
}

/**
 * servingShapeProblem is what the kubelet-serving signer itself requires of any CSR, approved by
 * a human or not (Kubernetes' signer validation): the node subject, only server usages with
 * "server auth" among them, at least one DNS or IP SAN and no other kind. '' when it is fine.
 */
export function servingShapeProblem(csr: CertificateSigningRequest, subject: CsrSubject): string {
  if (!servingNodeName(subject)) return 'subject must be exactly CN=system:node:<name>, O=system:nodes';
  const usages = csr.spec.usages ?? [];
  if (!usages.includes('server auth') || usages.some((u) => !SERVING_USAGES.has(u))) return 'usages must be server auth (with digital signature, key encipherment)';
  if (subject.otherSans.length > 0) return `only DNS and IP subject alternative names are allowed, not ${subject.otherSans.join(', ')}`;
  if (subject.dnsNames.length + subject.ipAddresses.length === 0) return 'at least one DNS or IP subject alternative name is required';
  return '';
}

/** canonicalIp writes an IP address one way (openssl prints IPv6 uncompressed and upper case). */
export function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

/**
 * nodeServingDecision decides whether a kubelet-serving CSR may be approved automatically: it
 * has the signer's shape, the requester is that very node (system:node:<name> in system:nodes),
 * and every SAN is one of the Node's status.addresses (IPs among InternalIP/ExternalIP, names
 * among Hostname/InternalDNS/ExternalDNS). A node can so get a certificate only for addresses it
 * registered itself, never for another node's or the API server's. Anything else waits for a human.
 */
export function nodeServingDecision(csr: CertificateSigningRequest, subject: CsrSubject, node: Node | undefined): Decision {
  if (csr.spec.signerName !== KUBELET_SERVING_SIGNER) return { approve: false, reason: `signer ${csr.spec.signerName} is not a kubelet-serving signer` };
  const problem = servingShapeProblem(csr, subject);
  if (problem) return { approve: false, reason: problem };
  const name = servingNodeName(subject);
  if (csr.spec.username !== subject.commonName || !(csr.spec.groups ?? []).includes('system:nodes')) {
    return { approve: false, reason: `requester ${csr.spec.username ?? ''} is not node ${name} itself` };
  }
  if (!node) return { approve: false, reason: `node ${name} is not registered yet`, wait: true };
  const addresses = node.status?.addresses ?? [];
  const ips = new Set(addresses.filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => canonicalIp(a.address)));
  const names = new Set(addresses.filter((a) => a.type === 'Hostname' || a.type === 'InternalDNS' || a.type === 'ExternalDNS').map((a) => a.address));
  const strangers = [...subject.ipAddresses.filter((ip) => !ips.has(canonicalIp(ip))), ...subject.dnsNames.filter((d) => !names.has(d))];
  if (strangers.length > 0) return { approve: false, reason: `SANs ${strangers.join(', ')} are not addresses of node ${name}`, wait: true };
  return { approve: true, reason: 'the node asks for a serving certificate for its own addresses' };
}
