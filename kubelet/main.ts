/**
 * kubelet entry point: `node kubelet/main.ts --kubeconfig=FILE --node-name=NAME [--pod-cidr=CIDR]
 * [--port=10250] [--root-dir] [--docker-endpoint] [--cluster-dns] [--cluster-domain] [--max-pods]
 * [--register-with-taints] [--node-ip] [--tls-cert-file --tls-private-key-file --client-ca-file]` (design §7);
 * with the TLS flags the kubelet API is HTTPS and admits only the API server's client certificate. Exits cleanly on SIGTERM/SIGINT.
 */
import os from 'node:os';
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { build } from './app.ts';
import { parseKubeletConfig } from './config.ts';

const log = createLogger('kubelet');
try {
  const cfg = parseKubeletConfig(process.argv.slice(2), os.hostname());
  const app = await build(cfg, log);
  await app.run(shutdownSignal());
  await app.client.close();
  process.exit(0);
} catch (err) {
  log.fatal({ err }, 'kubelet failed');
  process.exit(1);
}
