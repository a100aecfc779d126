/**
 * The kubelet's client credentials on disk: a key and a certificate in --cert-dir and the
 * kubeconfig (--kubeconfig) that points at them, as the kubelet's TLS bootstrap leaves them.
 * Files are written to a temporary name and renamed, so a crash never leaves half a key.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadKubeconfig, readKubeconfigFile, saveKubeconfigFile } from '../../client/kubeconfig.ts';

/** CERT_FILE and KEY_FILE are the names of the client credentials inside --cert-dir. */
export const CERT_FILE = 'kubelet-client.crt';
export const KEY_FILE = 'kubelet-client.key';

/** writeFileAtomic writes data to path (mode 0600) through a temporary file and a rename. */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * certStillValid tells whether certPem holds a certificate valid at `now` whose public key
 * belongs to keyPem (Kubernetes' isClientConfigStillValid, plus the key check: a cert without
 * its key cannot authenticate). Unreadable input is simply not valid.
 */
export function certStillValid(certPem: string | undefined, keyPem: string | undefined, now: Date): boolean {
  if (!certPem || !keyPem) return false;
  try {
    const cert = new X509Certificate(certPem);
    if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return false;
    return cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

/** kubeconfigStillValid tells whether the kubeconfig at path exists and carries a valid client certificate. */
export function kubeconfigStillValid(path: string, now: Date): boolean {
  if (!existsSync(path)) return false;
  try {
    const k = loadKubeconfig({ path });
    return certStillValid(k.cert, k.key, now);
  } catch {
    return false;
  }
}

/** certDirCredentials returns the cert and key in certDir when both are there and valid at now. */
export function certDirCredentials(certDir: string, now: Date): { cert: string; key: string } | undefined {
  const read = (f: string) => (existsSync(join(certDir, f)) ? readFileSync(join(certDir, f), 'utf8') : undefined);
  const cert = read(CERT_FILE);
  const key = read(KEY_FILE);
  return certStillValid(cert, key, now) ? { cert: cert!, key: key! } : undefined;
}

/** ClusterEndpoint is where the bootstrap kubeconfig points: the server(s) and the CA to trust. */
export interface ClusterEndpoint {
  server: string;
  ca?: string;
  insecureSkipTLSVerify: boolean;
}

/**
 * writeClientKubeconfig writes the kubelet's kubeconfig for cluster with the client cert and key
 * by path (not inline), as Kubernetes' kubelet does: a later rotation replaces just the files.
 */
export function writeClientKubeconfig(path: string, cluster: ClusterEndpoint, certDir: string): void {
  const clusterEntry: Record<string, unknown> = { server: cluster.server };
  if (cluster.ca) clusterEntry['certificate-authority-data'] = Buffer.from(cluster.ca).toString('base64');
  if (cluster.insecureSkipTLSVerify) clusterEntry['insecure-skip-tls-verify'] = true;
  const tmp = `${path}.tmp-${process.pid}`;
  saveKubeconfigFile(tmp, {
    clusters: [{ name: 'default-cluster', cluster: clusterEntry }],
    users: [{ name: 'default-auth', user: { 'client-certificate': join(certDir, CERT_FILE), 'client-key': join(certDir, KEY_FILE) } }],
    contexts: [{ name: 'default-context', context: { cluster: 'default-cluster', user: 'default-auth' } }],
    'current-context': 'default-context',
  });
  renameSync(tmp, path);
}

/**
 * kubeconfigCertFiles returns the client certificate and key files the kubeconfig's current
 * context uses, or undefined when it embeds them as data (or has none): only files can be
 * replaced by a rotation so that the next start reads the new pair.
 */
export function kubeconfigCertFiles(path: string): { cert: string; key: string } | undefined {
  const k = readKubeconfigFile(path);
  const context = k.contexts?.find((c) => c.name === k['current-context'])?.context;
  const user = k.users?.find((u) => u.name === context?.user)?.user ?? {};
  const cert = user['client-certificate'];
  const key = user['client-key'];
  if (user['client-certificate-data'] || user['client-key-data']) return undefined;
  return typeof cert === 'string' && cert && typeof key === 'string' && key ? { cert, key } : undefined;
}
