import { readFileSync } from 'node:fs';
import { parseFlags } from '../component-base/flags.ts';
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { startApiServer } from './server.ts';
import type { EtcdTls } from './storage/etcd-storage.ts';
import type { KubeletClientTls } from './kubelet-proxy/index.ts';
import type { Server as TlsServer } from 'node:tls';
import { securityFlagSpec, securityFromFlags } from './auth/security-flags.ts';
import { watchServingCertificate } from './auth/cert-reloader.ts';
import { isWorkerProcess, runPrimary } from './workers.ts';

const spec = {
  'etcd-servers': { type: 'string' },
  'bind-address': { type: 'string', default: '0.0.0.0' },
  'advertise-address': { type: 'string' },
  'secure-port': { type: 'string', default: '6443' },
  'service-cluster-ip-range': { type: 'string', default: '10.96.0.0/12' },
  'service-node-port-range': { type: 'string', default: '30000-32767' },
  'anonymous-auth': { type: 'string' },
  'authorization-mode': { type: 'string', default: 'AlwaysAllow' },
  'max-requests-inflight': { type: 'string', default: '400' },
  'tls-cert-file': { type: 'string' },
  'tls-private-key-file': { type: 'string' },
  'client-ca-file': { type: 'string' },
  'kubelet-client-certificate': { type: 'string' },
  'kubelet-client-key': { type: 'string' },
  'kubelet-certificate-authority': { type: 'string' },
  'etcd-cafile': { type: 'string' },
  'etcd-certfile': { type: 'string' },
  'etcd-keyfile': { type: 'string' },
  'default-not-ready-toleration-seconds': { type: 'string', default: '300' },
  'default-unreachable-toleration-seconds': { type: 'string', default: '300' },
  // N > 1 runs N API server processes on the port (apiserver/workers.ts), to use more than one core.
  workers: { type: 'string', default: '1' },
  ...securityFlagSpec,
} as const;

/** etcdTlsFromFlags reads the etcd CA and client certificate; all three flags go together. */
function etcdTlsFromFlags(ca?: string, cert?: string, key?: string): EtcdTls | undefined {
  if (!ca && !cert && !key) return undefined;
  if (!ca || !cert || !key) throw new Error('--etcd-cafile, --etcd-certfile and --etcd-keyfile go together');
  return { ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key) };
}

/** kubeletClientFromFlags reads the client certificate the API server shows kubelets (and the CA their serving certs chain to). */
function kubeletClientFromFlags(cert?: string, key?: string, ca?: string): KubeletClientTls | undefined {
  if (!!cert !== !!key) throw new Error('--kubelet-client-certificate and --kubelet-client-key go together');
  if (!cert || !key) return undefined;
  return { cert: readFileSync(cert), key: readFileSync(key), ca: ca ? readFileSync(ca) : undefined };
}

/** main runs the API server from Kubernetes-style flags until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const log = createLogger('apiserver');
  const flags = parseFlags(spec);
  const workers = Number(flags.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, got ${flags.workers}`);
  if (workers > 1 && !isWorkerProcess()) return runPrimary(workers, log);
  const etcd = flags['etcd-servers'];
  if (!etcd) throw new Error('--etcd-servers is required, e.g. --etcd-servers=http://127.0.0.1:2379');
  const { security } = securityFromFlags(flags, log);
  const cert = flags['tls-cert-file'];
  const key = flags['tls-private-key-file'];
  if (!!cert !== !!key) throw new Error('--tls-cert-file and --tls-private-key-file go together');
  const etcdTls = etcdTlsFromFlags(flags['etcd-cafile'], flags['etcd-certfile'], flags['etcd-keyfile']);
  const signal = shutdownSignal();
  const server = await startApiServer({
    etcdServers: etcd.split(',').map((s) => s.trim()).filter(Boolean),
    etcdTls,
    kubeletClient: kubeletClientFromFlags(flags['kubelet-client-certificate'], flags['kubelet-client-key'], flags['kubelet-certificate-authority']),
    bindAddress: flags['bind-address'],
    advertiseAddress: flags['advertise-address'],
    port: Number(flags['secure-port']),
    serviceClusterIPRange: flags['service-cluster-ip-range'],
    serviceNodePortRange: flags['service-node-port-range'],
    maxRequestsInflight: Number(flags['max-requests-inflight']),
    defaultNotReadyTolerationSeconds: Number(flags['default-not-ready-toleration-seconds']),
    defaultUnreachableTolerationSeconds: Number(flags['default-unreachable-toleration-seconds']),
    tls: cert && key ? { cert: readFileSync(cert), key: readFileSync(key), ca: flags['client-ca-file'] ? readFileSync(flags['client-ca-file']) : undefined } : undefined,
    security,
    logger: log,
  });
  // Rotating the serving certificate (or the client CA bundle) needs no restart: new connections get the new files.
  if (cert && key) watchServingCertificate(server.app.server as unknown as TlsServer, { cert, key, ca: flags['client-ca-file'] }, { logger: log });
  // The signal may already have fired while the server was starting.
  if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  log.info('shutting down');
  // A stuck connection must not keep a terminating server alive.
  setTimeout(() => process.exit(0), 10_000).unref();
  await server.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  createLogger('apiserver').fatal({ err }, 'apiserver failed');
  process.exit(1);
});
