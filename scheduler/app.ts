/**
 * The scheduler process: build() wires client, informers, event recorder and Scheduler from the
 * flags; run() serves /healthz and /metrics, takes the leader lease (if asked) and schedules
 * until the signal aborts.
 */
import { hostname } from 'node:os';
import type { Logger } from '../component-base/logger.ts';
import { startHealthServer } from '../component-base/health-server.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../client/shared-informer-factory.ts';
import { createEventRecorder } from '../client/event-recorder.ts';
import { runLeaderElection } from '../client/leader-election.ts';
import type { Client } from '../client/types.ts';
import { loadConfig, type SchedulerConfig } from './config.ts';
import { Scheduler } from './scheduler.ts';

/** AppOptions are the scheduler's flags. */
export interface AppOptions {
  kubeconfig?: string;
  leaderElect: boolean;
  configPath?: string;
  bindAddress: string;
  port: number;
  logger: Logger;
}

/** SchedulerApp is a built, not yet running, scheduler process. */
export interface SchedulerApp {
  client: Client;
  config: SchedulerConfig;
  scheduler: Scheduler;
  /** run serves health/metrics and schedules (as leader when electing) until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
}

/** LeaseName is the Lease (in kube-system) scheduler replicas compete for. */
export const LeaseName = 'skiff-scheduler';

/** build creates everything the scheduler needs without starting it. */
export function build(opts: AppOptions): SchedulerApp {
  const config = loadConfig(opts.configPath);
  const client = clientFromKubeconfig(opts.kubeconfig, 'skiff-scheduler');
  const informers = createSharedInformerFactory(client);
  const recorder = createEventRecorder(client, config.schedulerName, hostname());
  const scheduler = new Scheduler({ client, informers, recorder, config, logger: opts.logger.child({ component: 'scheduler' }) });
  return {
    client,
    config,
    scheduler,
    run: (signal) => runApp(opts, client, scheduler, signal),
  };
}

async function runApp(opts: AppOptions, client: Client, scheduler: Scheduler, signal: AbortSignal): Promise<void> {
  const log = opts.logger;
  let lostLease = false;
  // A follower is healthy and ready too: it is standing by, as kube-scheduler's followers are.
  const health = await startHealthServer(opts.bindAddress, opts.port, { healthz: () => '', readyz: () => '' });
  log.info({ port: health.port, leaderElect: opts.leaderElect }, 'scheduler serving health and metrics');
  try {
    if (!opts.leaderElect) {
      await scheduler.run(signal);
      return;
    }
    await runLeaderElection({
      client,
      namespace: 'kube-system',
      name: LeaseName,
      identity: `${hostname()}_${process.pid}`,
      signal,
      logger: log.child({ component: 'leader-election' }),
      onStartedLeading: async (leaderSignal: AbortSignal) => {
        log.info('became leader; scheduling');
        await scheduler.run(leaderSignal);
      },
      onStoppedLeading: () => {
        if (!signal.aborted) lostLease = true;
      },
    });
    // Like kube-scheduler: a lost lease ends the process; its supervisor starts a fresh follower.
    if (lostLease) throw new Error('leader election lost');
  } finally {
    await health.close();
    await client.close();
  }
}
