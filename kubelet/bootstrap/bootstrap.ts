/**
 * The kubelet's TLS bootstrap (Kubernetes' pkg/kubelet/certificate/bootstrap LoadClientCert):
 * when --kubeconfig is missing or its client certificate is no longer valid, the kubelet uses
 * --bootstrap-kubeconfig (a bootstrap token) to file a CSR for CN=system:node:<name>,
 * O=system:nodes with the signer kubernetes.io/kube-apiserver-client-kubelet, waits until the
 * controller-manager approved and signed it, then writes key + certificate into --cert-dir and a
 * kubeconfig pointing at them. A restart with a valid certificate files nothing.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { realClock, type Clock } from '../../client/clock.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { loadKubeconfig } from '../../client/kubeconfig.ts';
import type { Client } from '../../client/types.ts';
import type { Logger } from '../../component-base/logger.ts';
import { CERT_FILE, KEY_FILE, certDirCredentials, certStillValid, kubeconfigStillValid, writeClientKubeconfig } from './credentials.ts';
import { dropPending, finishInterruptedStore, loadOrCreatePending, storeIssued, type CertFiles } from './pending-request.ts';
import { CsrRejected, requestCertificate } from './request-certificate.ts';

/** KUBELET_CLIENT_SIGNER signs kubelet client certificates (auto-approved for bootstrappers). */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';

/** PENDING_KEY_FILE and PENDING_CSR_FILE keep a CSR still waiting, so a restart asks for the same one. */
export const PENDING_KEY_FILE = 'kubelet-client.key.pending';
export const PENDING_CSR_FILE = 'kubelet-client.csr.pending';

/** clientCertFiles are the kubelet's client pair and its waiting request inside certDir. */
export function clientCertFiles(certDir: string): CertFiles {
  return { cert: join(certDir, CERT_FILE), key: join(certDir, KEY_FILE), pendingKey: join(certDir, PENDING_KEY_FILE), pendingCsr: join(certDir, PENDING_CSR_FILE) };
}

/** nodeClientSubject is what a node's client certificate names: CN=system:node:<name>, O=system:nodes. */
export function nodeClientSubject(nodeName: string): { commonName: string; organizations: string[] } {
  return { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] };
}

/** CLIENT_USAGES are the key usages of a node client CSR (Kubernetes' kubelet's, for an EC key). */
export const CLIENT_USAGES = ['digital signature', 'client auth'];

/** BootstrapOptions configure bootstrapClientCertificate. */
export interface BootstrapOptions {
  kubeconfigPath: string;
  bootstrapKubeconfigPath: string;
  certDir: string;
  nodeName: string;
  log: Logger;
  clock?: Clock;
  /** timeoutMs bounds the wait for approval and signing (default 15 min; the kubelet then exits and is restarted). */
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** newClient connects with the bootstrap kubeconfig (tests pass a fake). */
  newClient?: (bootstrapKubeconfigPath: string) => Client;
}

/** BootstrapResult says where the kubelet's credentials came from. */
export type BootstrapResult = 'existing-kubeconfig' | 'existing-cert' | 'new-cert';

/** bootstrapClientCertificate makes sure --kubeconfig holds valid node credentials (see the file comment). */
export async function bootstrapClientCertificate(o: BootstrapOptions): Promise<BootstrapResult> {
  const clock = o.clock ?? realClock;
  const now = () => new Date(clock.now());
  const files = clientCertFiles(o.certDir);
  // A renewal cut short between writing the certificate and its key: finish it first.
  finishInterruptedStore(files);
  if (kubeconfigStillValid(o.kubeconfigPath, now())) return 'existing-kubeconfig';
  const boot = loadKubeconfig({ path: o.bootstrapKubeconfigPath });
  const cluster = { server: boot.server, ca: boot.ca, insecureSkipTLSVerify: boot.insecureSkipTLSVerify };
  if (certDirCredentials(o.certDir, now())) {
    // The kubeconfig went missing but the certificate in cert-dir is fine: point at it again.
    writeClientKubeconfig(o.kubeconfigPath, cluster, o.certDir);
    o.log.info({ certDir: o.certDir }, 'reusing the client certificate in cert-dir');
    return 'existing-cert';
  }
  const { key, csrPem } = loadOrCreatePending(files, nodeClientSubject(o.nodeName));
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
  const client = (o.newClient ?? ((p) => clientFromKubeconfig(p, `kubelet-bootstrap/${o.nodeName}`)))(o.bootstrapKubeconfigPath);
  o.log.info({ node: o.nodeName, server: boot.server }, 'no valid client certificate: bootstrapping one with the bootstrap kubeconfig');
  let cert: string;
  try {
    cert = await requestCertificate({
      client, name: csrName(o.nodeName, key), csrPem, signerName: KUBELET_CLIENT_SIGNER, usages: CLIENT_USAGES,
      clock, timeoutMs: o.timeoutMs ?? 15 * 60_000, pollMs: o.pollMs ?? 1000, log: o.log, signal: o.signal,
    });
  } catch (err) {
    // A denied request stays denied: the next attempt must ask with a new key (and so a new name).
    if (err instanceof CsrRejected) dropPending(files);
    throw err;
  } finally {
    await client.close();
  }
  if (!certStillValid(cert, keyPem, now())) throw new Error('the issued certificate is not valid now or does not match the key');
  storeIssued(files, cert, keyPem);
  writeClientKubeconfig(o.kubeconfigPath, cluster, o.certDir);
  o.log.info({ certDir: o.certDir, kubeconfig: o.kubeconfigPath }, 'client certificate issued and stored');
  return 'new-cert';
}

/** csrName is node-csr-<hash of node name and public key>: stable across restarts with the same pending key. */
export function csrName(nodeName: string, key: KeyObject): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return `node-csr-${createHash('sha256').update(nodeName).update(spki).digest('hex').slice(0, 32)}`;
}
