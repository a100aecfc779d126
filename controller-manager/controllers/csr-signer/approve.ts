import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import type { CsrSubject } from './openssl.ts';

/** KUBELET_CLIENT_SIGNER is the signer of kubelet client certificates. */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';

const ALLOWED_USAGES = new Set(['digital signature', 'key encipherment', 'client auth']);

/**
 * nodeClientDecision decides whether a CSR is a node client certificate request that may be
 * approved automatically (Kubernetes' csrapproving controller with the nodeclient and
 * selfnodeclient rules): the subject is exactly CN=system:node:<name>, O=system:nodes, only
 * client usages, and the requester is either a bootstrap token (first join) or that same node
 * (renewal). Anything else is left for a human (`kubectl certificate approve`).
 */
export function nodeClientDecision(csr: CertificateSigningRequest, subject: CsrSubject): { approve: boolean; reason: string } {
  if (csr.spec.signerName !== KUBELET_CLIENT_SIGNER) return { approve: false, reason: `signer ${csr.spec.signerName} is not auto-approved` };
  const node = subject.commonName.startsWith('system:node:') ? subject.commonName.slice('system:node:'.length) : '';
  if (!node) return { approve: false, reason: 'subject CN is not system:node:<name>' };
  if (subject.organizations.length !== 1 || subject.organizations[0] !== 'system:nodes') return { approve: false, reason: 'subject O must be exactly system:nodes' };
  if (subject.other.length > 0 || subject.hasExtensions) return { approve: false, reason: 'node client CSRs may not carry other subject fields or extensions' };
  if ((csr.spec.usages ?? []).some((u) => !ALLOWED_USAGES.has(u))) return { approve: false, reason: 'only client usages are auto-approved' };
  const groups = csr.spec.groups ?? [];
  if (groups.includes('system:bootstrappers')) return { approve: true, reason: 'node bootstrap (nodeclient)' };
  if (csr.spec.username === subject.commonName && groups.includes('system:nodes')) return { approve: true, reason: 'node renewal (selfnodeclient)' };
  return { approve: false, reason: `requester ${csr.spec.username ?? ''} may not get a certificate for ${subject.commonName}` };
}
