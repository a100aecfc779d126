import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../client/shared-informer-factory.ts';
import { parseFlags } from '../component-base/flags.ts';
import { startHealthServer } from '../component-base/health-server.ts';
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { dummyInterfaceAddressManager } from './address-manager.ts';
import { startProxyServer } from './proxy-server.ts';
import os from 'node:os';

/** main parses flags and runs the node proxy until SIGTERM, then removes its listeners and addresses. */
async function main(): Promise<void> {
  const flags = parseFlags({
    kubeconfig: { type: 'string' },
    'node-name': { type: 'string', default: os.hostname() },
    'cluster-dns': { type: 'string', default: '10.96.0.10' },
    'cluster-domain': { type: 'string', default: 'cluster.local' },
    'nodeport-address': { type: 'string', default: '0.0.0.0' },
    'healthz-bind-address': { type: 'string', default: '0.0.0.0' },
    'healthz-port': { type: 'string', default: '10256' },
    'ingress-port': { type: 'string', default: '80' },
    'ingress-class': { type: 'string', default: '' },
  });
  const logger = createLogger('skiff-proxy');
  const ingressPort = Number(flags['ingress-port']);
  if (!Number.isInteger(ingressPort) || ingressPort < 0 || ingressPort > 65535) throw new Error(`--ingress-port must be a port number (0 turns the ingress controller off), not ${JSON.stringify(flags['ingress-port'])}`);
  const signal = shutdownSignal();
  const client = clientFromKubeconfig(flags.kubeconfig, 'skiff-proxy');
  const server = await startProxyServer(
    {
      client,
      informers: createSharedInformerFactory(client),
      nodeName: flags['node-name']!,
      addresses: dummyInterfaceAddressManager(),
      logger,
      clusterDNS: flags['cluster-dns']!,
      clusterDomain: flags['cluster-domain']!,
      nodePortAddress: flags['nodeport-address'],
      ingressPort,
      ingressClass: flags['ingress-class'],
    },
    signal,
  );
  const health = await startHealthServer(flags['healthz-bind-address']!, Number(flags['healthz-port']));
  logger.info({ node: flags['node-name'], healthzPort: health.port }, 'proxy running');
  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await server.stop();
  await health.close();
  await client.close();
  logger.info('proxy stopped');
}

main().catch((err) => {
  createLogger('skiff-proxy').fatal({ err }, 'proxy failed');
  process.exit(1);
});
