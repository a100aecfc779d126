import type { Client, EventRecorder, SharedInformerFactory } from '../client/types.ts';
import { createSharedInformerFactory } from '../client/shared-informer-factory.ts';
import { fencedClient, type Fence } from '../client/fenced-client.ts';
import type { Logger } from '../component-base/logger.ts';
import { realClock, type Clock, type ControllerContext, type ControllerManagerOptions } from './context.ts';
import { enabledControllers, type ControllerRegistration } from './registry.ts';

/** Elector runs `lead` while this process holds the leader lease; resolves when the signal aborts or leadership is lost. */
export type Elector = (opts: { identity: string; signal: AbortSignal; lead: (signal: AbortSignal, fence?: Fence) => Promise<void> }) => Promise<void>;

/** ManagerConfig is everything runControllerManager needs. */
export interface ManagerConfig {
  client: Client;
  options: ControllerManagerOptions;
  /** controllers is the --controllers list (`*`, `foo`, `-foo`). */
  controllers: string[];
  logger: Logger;
  recorder: (component: string) => EventRecorder;
  /** elector is undefined with --leader-elect=false. */
  elector?: Elector;
  identity: string;
  clock?: Clock;
  /** informers lets tests share or fake the factory; by default a fresh one per leadership term. */
  informers?: () => SharedInformerFactory;
  /** onState reports 'leading' / 'standby' for /healthz and tests. */
  onState?: (state: 'leading' | 'standby') => void;
}

/**
 * runControllerManager runs the enabled controllers over one shared informer factory — under
 * leader election when an elector is given, so only one controller-manager acts at a time and
 * all controllers stop together when leadership ends. Resolves once everything stopped.
 */
export async function runControllerManager(cfg: ManagerConfig, signal: AbortSignal): Promise<void> {
  const enabled = enabledControllers(cfg.controllers);
  cfg.logger.info({ controllers: enabled.map((r) => r.name) }, 'enabled controllers');
  const lead = (leading: AbortSignal, fence?: Fence) => runControllers(cfg, enabled, leading, fence);
  if (!cfg.elector) return lead(signal);
  await cfg.elector({ identity: cfg.identity, signal, lead });
}

async function runControllers(cfg: ManagerConfig, enabled: ControllerRegistration[], signal: AbortSignal, fence?: Fence): Promise<void> {
  cfg.onState?.('leading');
  // Writes are fenced: a leader that stalled past its renew deadline has them refused locally.
  const client = fence ? fencedClient(cfg.client, fence) : cfg.client;
  const informers = cfg.informers?.() ?? createSharedInformerFactory(cfg.client, { logger: cfg.logger.child({ component: 'informers' }) });
  const ctx: ControllerContext = { client, informers, recorder: cfg.recorder, logger: cfg.logger, clock: cfg.clock ?? realClock, options: cfg.options };
  const controllers = enabled.map((r) => r.factory(ctx));
  informers.start(signal);
  try {
    await Promise.all(
      controllers.map(async (c) => {
        cfg.logger.info({ controller: c.name }, 'starting controller');
        try {
          await c.run(signal);
        } catch (err) {
          cfg.logger.error({ err, controller: c.name }, 'controller stopped with an error');
        }
      }),
    );
  } finally {
    cfg.onState?.('standby');
    cfg.logger.info('all controllers stopped');
  }
}
