/**
 * The scheduler process: build() loads the config and connects; run() serves /healthz and
 * /metrics, takes the leader lease (if asked) and schedules until the signal aborts. When
 * electing, every write (bindings, status, events) goes through a fenced client, so a leader
 * that was paused and lost its lease cannot bind pods behind the new leader's back.
 */
import { hostname } from 'node:os';
import type { Logger } from '../component-base/logger.ts';
import { startHealthServer } from '../component-base/health-server.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../client/shared-informer-factory.ts';
import { createEventRecorder } from '../client/event-recorder.ts';
import { runLeaderElection } from '../client/leader-election.ts';
import { fencedClient } from '../client/fenced-client.ts';
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
  /** kubeApiQps and kubeApiBurst bound this process's request rate to the API server. */
  kubeApiQps?: number;
  kubeApiBurst?: number;
  /** lease tunes leader election (defaults 15 s / 10 s / 2 s, as kube-scheduler). */
  lease?: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  logger: Logger;
}

/** SchedulerApp is a built, not yet running, scheduler process. */
export interface SchedulerApp {
  client: Client;
  config: SchedulerConfig;
  /** run serves health/metrics and schedules (as leader when electing) until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
}

/** LeaseName is the Lease (in kube-system) scheduler replicas compete for. */
export const LeaseName = 'skiff-scheduler';

/** build loads the config and creates the API client without starting anything. */
export function build(opts: AppOptions): SchedulerApp {
  const config = loadConfig(opts.configPath);
  // Each placement costs two writes (binding, event): the limit must not be what caps throughput.
  const client = clientFromKubeconfig(opts.kubeconfig, 'skiff-scheduler', { qps: opts.kubeApiQps ?? 500, burst: opts.kubeApiBurst ?? 1000 });
  return { client, config, run: (signal) => runApp(opts, client, config, signal) };
}

/** schedule runs one Scheduler writing through `writer` and reading through `client`. */
async function schedule(opts: AppOptions, client: Client, writer: Client, config: SchedulerConfig, signal: AbortSignal): Promise<void> {
  const logger = opts.logger.child({ component: 'scheduler' });
  const recorder = createEventRecorder(writer, config.schedulerName, undefined, { logger });
  const scheduler = new Scheduler({ client: writer, informers: createSharedInformerFactory(client, { logger }), recorder, config, logger });
  await scheduler.run(signal);
  await recorder.flush();
}

async function runApp(opts: AppOptions, client: Client, config: SchedulerConfig, signal: AbortSignal): Promise<void> {
  const log = opts.logger;
  let lostLease = false;
  // A follower is healthy and ready too: it is standing by, as kube-scheduler's followers are.
  const health = await startHealthServer(opts.bindAddress, opts.port, { healthz: () => '', readyz: () => '' });
  log.info({ port: health.port, leaderElect: opts.leaderElect, schedulerName: config.schedulerName }, 'scheduler serving health and metrics');
  try {
    if (!opts.leaderElect) return await schedule(opts, client, client, config, signal);
    await runLeaderElection({
      client,
      namespace: 'kube-system',
      name: LeaseName,
      identity: `${hostname()}_${process.pid}`,
      ...opts.lease,
      signal,
      logger: log.child({ component: 'leader-election' }),
      onStartedLeading: async (leaderSignal, elector) => {
        log.info('became leader; scheduling');
        await schedule(opts, client, fencedClient(client, elector), config, leaderSignal);
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
