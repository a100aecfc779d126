/**
 * The kubelet's TLS bootstrap (Kubernetes' pkg/kubelet/certificate/bootstrap LoadClientCert):
 * when --kubeconfig is missing or its client certificate is no longer valid, the kubelet uses
 * --bootstrap-kubeconfig (a bootstrap token) to file a CSR for CN=system:node:<name>,
 * O=system:nodes with the signer kubernetes.io/kube-apiserver-client-kubelet, waits until the
 * controller-manager approved and signed it, then writes key + certificate into --cert-dir and a
 * kubeconfig pointing at them. A restart with a valid certificate files nothing.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { realClock, type Clock } from '../../client/clock.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { loadKubeconfig } from '../../client/kubeconfig.ts';
import type { Client } from '../../client/types.ts';
import type { Logger } from '../../component-base/logger.ts';
import { createCsrPem } from './csr-pem.ts';
import { CERT_FILE, KEY_FILE, certDirCredentials, certStillValid, kubeconfigStillValid, writeClientKubeconfig, writeFileAtomic } from './credentials.ts';
import { CsrRejected, requestCertificate } from './request-certificate.ts';

/** KUBELET_CLIENT_SIGNER signs kubelet client certificates (auto-approved for bootstrappers). */
export const KUBELET_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';

/** PENDING_KEY_FILE and PENDING_CSR_FILE keep a CSR still waiting, so a restart asks for the same one. */
export const PENDING_KEY_FILE = 'kubelet-client.key.pending';
export const PENDING_CSR_FILE = 'kubelet-client.csr.pending';

function dropPending(certDir: string): void {
  for (const f of [PENDING_KEY_FILE, PENDING_CSR_FILE]) rmSync(join(certDir, f), { force: true });
}

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
  if (kubeconfigStillValid(o.kubeconfigPath, now())) return 'existing-kubeconfig';
  const boot = loadKubeconfig({ path: o.bootstrapKubeconfigPath });
  const cluster = { server: boot.server, ca: boot.ca, insecureSkipTLSVerify: boot.insecureSkipTLSVerify };
  if (certDirCredentials(o.certDir, now())) {
    // The kubeconfig went missing but the certificate in cert-dir is fine: point at it again.
    writeClientKubeconfig(o.kubeconfigPath, cluster, o.certDir);
    o.log.info({ certDir: o.certDir }, 'reusing the client certificate in cert-dir');
    return 'existing-cert';
  }
  const { key, csrPem } = pendingRequest(o.certDir, o.nodeName);
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
  const client = (o.newClient ?? ((p) => clientFromKubeconfig(p, `kubelet-bootstrap/${o.nodeName}`)))(o.bootstrapKubeconfigPath);
  o.log.info({ node: o.nodeName, server: boot.server }, 'no valid client certificate: bootstrapping one with the bootstrap kubeconfig');
  let cert: string;
  try {
    cert = await requestCertificate({
      client, name: csrName(o.nodeName, key), csrPem, signerName: KUBELET_CLIENT_SIGNER, usages: ['digital signature', 'client auth'],
      clock, timeoutMs: o.timeoutMs ?? 15 * 60_000, pollMs: o.pollMs ?? 1000, log: o.log, signal: o.signal,
    });
  } catch (err) {
    // A denied request stays denied: the next attempt must ask with a new key (and so a new name).
    if (err instanceof CsrRejected) dropPending(o.certDir);
    throw err;
  } finally {
    await client.close();
  }
  if (!certStillValid(cert, keyPem, now())) throw new Error('the issued certificate is not valid now or does not match the key');
  writeFileAtomic(join(o.certDir, CERT_FILE), cert);
  renameSync(join(o.certDir, PENDING_KEY_FILE), join(o.certDir, KEY_FILE));
  dropPending(o.certDir);
  writeClientKubeconfig(o.kubeconfigPath, cluster, o.certDir);
  o.log.info({ certDir: o.certDir, kubeconfig: o.kubeconfigPath }, 'client certificate issued and stored');
  return 'new-cert';
}

/**
 * pendingRequest loads the key and CSR of an unfinished bootstrap, or makes (and stores) a new
 * P-256 key and its CSR. Both are kept because ECDSA signatures differ on every signing: only
 * the stored CSR matches the one filed before a restart byte for byte.
 */
function pendingRequest(certDir: string, nodeName: string): { key: KeyObject; csrPem: string } {
  const keyFile = join(certDir, PENDING_KEY_FILE);
  const csrFile = join(certDir, PENDING_CSR_FILE);
  if (existsSync(keyFile) && existsSync(csrFile)) {
    try {
      return { key: createPrivateKey(readFileSync(keyFile)), csrPem: readFileSync(csrFile, 'utf8') };
    } catch {
      // Unreadable (the renames exclude half-written files, but a disk can still lie): start anew.
    }
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const csrPem = createCsrPem(privateKey, { commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] });
  writeFileAtomic(csrFile, csrPem);
  writeFileAtomic(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return { key: privateKey, csrPem };
}

/** csrName is node-csr-<hash of node name and public key>: stable across restarts with the same pending key. */
export function csrName(nodeName: string, key: KeyObject): string {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return `node-csr-${createHash('sha256').update(nodeName).update(spki).digest('hex').slice(0, 32)}`;
}
