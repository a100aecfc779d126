/**
 * skiff controller-manager: `node controller-manager/main.ts --kubeconfig=FILE [--leader-elect]
 * [--controllers=*,-foo] [--cluster-cidr] [--node-cidr-mask-size] [--node-monitor-grace-period]
 * [--node-eviction-rate] [--concurrent-<x>-syncs] [--bind-address] [--port]`.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Gauge } from 'prom-client';
import { createEventRecorder } from '../client/event-recorder.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import { startHealthServer } from '../component-base/health-server.ts';
import { collectProcessMetrics } from '../component-base/process-metrics.ts';
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { runControllerManager } from './controller-manager.ts';
import { parseManagerFlags } from './flags.ts';
import { leaseElector } from './leader.ts';

async function main(): Promise<void> {
  const flags = parseManagerFlags(process.argv.slice(2));
  const logger = createLogger('controller-manager');
  const signal = shutdownSignal();
  const client = clientFromKubeconfig(flags.kubeconfig, 'skiff-controller-manager');
  const identity = `${hostname()}_${randomUUID()}`;
  collectProcessMetrics();
  const leader = new Gauge({ name: 'skiff_controller_manager_leader', help: '1 while this controller-manager holds the leader lease and runs controllers' });
  leader.set(0);
  const health = await startHealthServer(flags.bindAddress, flags.port, { healthz: () => '', readyz: () => '' });
  logger.info({ port: health.port, identity, leaderElect: flags.leaderElect }, 'controller-manager serving /healthz and /metrics (plain HTTP)');
  const recorders = new Map<string, ReturnType<typeof createEventRecorder>>();
  const recorder = (component: string) => {
    let r = recorders.get(component);
    if (!r) recorders.set(component, (r = createEventRecorder(client, component, undefined, { logger })));
    return r;
  };
  try {
    await runControllerManager(
      {
        client,
        options: flags.options,
        controllers: flags.controllers,
        logger,
        recorder,
        elector: flags.leaderElect ? leaseElector(client, flags.leader, logger) : undefined,
        identity,
        onState: (s) => {
          leader.set(s === 'leading' ? 1 : 0);
          logger.info({ state: s }, 'controller-manager state');
        },
      },
      signal,
    );
  } finally {
    await Promise.allSettled([...recorders.values()].map((r) => r.flush()));
    await health.close();
    await client.close();
    logger.info('controller-manager stopped');
  }
}

main().catch((err) => {
  createLogger('controller-manager').fatal({ err }, 'controller-manager failed');
  process.exit(1);
});
