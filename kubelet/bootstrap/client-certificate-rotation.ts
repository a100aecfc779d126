/**
 * The kubelet's client certificate renewed while it runs (Kubernetes' kubelet with
 * --rotate-certificates, pkg/kubelet/certificate kubelet client manager): at 70–80 % of the
 * lifetime of the certificate the TLS bootstrap (or an admin) put in place, the node files a new
 * kubernetes.io/kube-apiserver-client-kubelet CSR for CN=system:node:<name>, O=system:nodes with
 * a new P-256 key, authenticated as itself — no bootstrap token; the csr-signer auto-approves it
 * as a self-renewal (selfnodeclient). The new pair replaces the files the kubeconfig points at
 * (so a restart picks it up) and the running kubelet's client uses it for every new request.
 * A denied or failed request is retried with back-off and a new key; the old pair stays in use.
 */
import { join } from 'node:path';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import type { Client } from '../../client/types.ts';
import type { Logger } from '../../component-base/logger.ts';
import { CLIENT_USAGES, KUBELET_CLIENT_SIGNER, PENDING_CSR_FILE, PENDING_KEY_FILE, clientCertFiles, nodeClientSubject } from './bootstrap.ts';
import { CertificateRotator, type RotationTiming } from './certificate-rotation.ts';
import { kubeconfigCertFiles } from './credentials.ts';

/** ClientCertificateOptions configure a ClientCertificateManager. */
export interface ClientCertificateOptions extends RotationTiming {
  /** client is the kubelet's own (system:node:<name>): a renewal is filed as the node itself. */
  client: Client;
  certDir: string;
  nodeName: string;
  /** files are the certificate and key the kubeconfig points at (default: kubelet-client.crt/.key in certDir). */
  files?: { cert: string; key: string };
  log: Logger;
}

/**
 * ClientCertificateManager keeps the kubelet's client certificate renewed (a CertificateRotator):
 * current() is the pair to connect with. A stored pair already past 80 % of its lifetime stays in
 * use while its successor is requested.
 */
export class ClientCertificateManager extends CertificateRotator {
  constructor(o: ClientCertificateOptions) {
    const files = o.files ?? clientCertFiles(o.certDir);
    super({
      ...o,
      kind: {
        what: 'client',
        signerName: KUBELET_CLIENT_SIGNER,
        usages: CLIENT_USAGES,
        subject: nodeClientSubject(o.nodeName),
        files: { ...files, pendingKey: join(o.certDir, PENDING_KEY_FILE), pendingCsr: join(o.certDir, PENDING_CSR_FILE) },
        usable: () => true,
        stillWaiting: (err) => `still no renewed client certificate: ${err.message}; the csr-signer approves a renewal filed by the node itself (selfnodeclient); the current certificate stays in use`,
      },
    });
    this.onRotate(() => o.log.info('the kubelet\'s API client connects with the renewed client certificate from now on'));
  }
}

/** NodeConnectionOptions say how the kubelet connects and whether it renews its client certificate. */
export interface NodeConnectionOptions extends RotationTiming {
  kubeconfigPath?: string;
  userAgent: string;
  /** rotate is --rotate-certificates. */
  rotate: boolean;
  certDir: string;
  nodeName: string;
  log: Logger;
}

/**
 * connectNode builds the kubelet's API client from its kubeconfig and, with rotate, the manager
 * that renews its client certificate (run it with the returned client). Without files to replace
 * (the kubeconfig embeds the certificate, or uses a token) rotation is skipped with a warning.
 */
export function connectNode(o: NodeConnectionOptions): { client: Client; rotation?: ClientCertificateManager } {
  const files = o.rotate && o.kubeconfigPath ? kubeconfigCertFiles(o.kubeconfigPath) : undefined;
  if (o.rotate && !files) {
    o.log.warn({ kubeconfig: o.kubeconfigPath }, '--rotate-certificates: the kubeconfig has no client-certificate/client-key files (embedded data or a token), so the client certificate cannot be renewed; rotation is off');
  }
  if (!files) return { client: clientFromKubeconfig(o.kubeconfigPath, o.userAgent) };
  // The client asks the manager for its pair on each request; the manager files CSRs through
  // that client: bound late, before either is used.
  let rotation: ClientCertificateManager | undefined;
  const client = clientFromKubeconfig(o.kubeconfigPath, o.userAgent, { credentials: () => rotation?.current() });
  rotation = new ClientCertificateManager({ ...o, client, files });
  return { client, rotation };
}
