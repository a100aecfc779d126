/**
 * kubelet entry point: `node kubelet/main.ts --kubeconfig=FILE --node-name=NAME [--pod-cidr=CIDR]
 * [--port=10250] [--root-dir] [--docker-endpoint] [--cluster-dns] [--cluster-domain] [--max-pods]
 * [--register-with-taints] [--node-ip] [--tls-cert-file --tls-private-key-file --client-ca-file]
 * [--rotate-server-certificates --client-ca-file] [--bootstrap-kubeconfig=FILE --cert-dir=DIR]
 * [--rotate-certificates[=true|false]]`
 * (design §7); with the TLS flags the kubelet API is HTTPS and admits only the API server's client
 * certificate. --rotate-server-certificates (instead of --tls-cert-file) gets that serving
 * certificate from a kubernetes.io/kubelet-serving CSR for the node's InternalIP and Hostname,
 * kept in --cert-dir and renewed before it expires (kubelet/bootstrap/serving-certificate.ts);
 * the API listens once it is issued (after the Node registered), the rest does not wait. With
 * --bootstrap-kubeconfig, a missing or expired --kubeconfig is first made by the TLS bootstrap
 * (kubelet/bootstrap/). --rotate-certificates (default on with --bootstrap-kubeconfig) renews the
 * client certificate at 70–80 % of its lifetime with a CSR filed as the node itself, rewrites the
 * files the kubeconfig points at and connects with the new one (kubelet/bootstrap/
 * client-certificate-rotation.ts), in the background. Exits cleanly on SIGTERM/SIGINT.
 */
import os from 'node:os';
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { build } from './app.ts';
import { bootstrapClientCertificate } from './bootstrap/bootstrap.ts';
import { parseKubeletConfig } from './config.ts';
import { loadStreaming } from './server/server.ts';

const log = createLogger('kubelet');
if (process.argv.includes('--warm-compile-cache')) {
  // deploy/ runs this before the kubelet: Node's compile cache then also holds what it loads on first use.
  await loadStreaming();
  process.exit(0);
}
try {
  const cfg = parseKubeletConfig(process.argv.slice(2), os.hostname());
  const signal = shutdownSignal();
  if (cfg.bootstrapKubeconfig) {
    const from = await bootstrapClientCertificate({
      kubeconfigPath: cfg.kubeconfig!, bootstrapKubeconfigPath: cfg.bootstrapKubeconfig, certDir: cfg.certDir,
      nodeName: cfg.nodeName, log: log.child({ part: 'bootstrap' }), signal,
    });
    log.info({ credentials: from, kubeconfig: cfg.kubeconfig }, 'client credentials ready');
  }
  if (signal.aborted) process.exit(0);
  const app = await build(cfg, log);
  await app.run(signal);
  await app.client.close();
  process.exit(0);
} catch (err) {
  log.fatal({ err }, 'kubelet failed');
  process.exit(1);
}
