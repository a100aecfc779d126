import { runLeaderElection } from '../client/leader-election.ts';
import type { Client } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import type { Elector } from './controller-manager.ts';

/** LeaseLockName is the Lease kube-system/skiff-controller-manager the managers compete for. */
export const LeaseLock = { namespace: 'kube-system', name: 'skiff-controller-manager' };

/** LeaderTimings are the --leader-elect-* durations in ms (Kubernetes defaults 15 s / 10 s / 2 s). */
export interface LeaderTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/**
 * leaseElector campaigns for the controller-manager Lease and runs `lead` while holding it.
 * When leadership is lost the lead signal aborts (every controller stops) and the manager
 * campaigns again, so it can take over later; a shutdown releases the lease at once.
 */
export function leaseElector(client: Client, timings: LeaderTimings, logger: Logger): Elector {
  return async ({ identity, signal, lead }) => {
    while (!signal.aborted) {
      await runLeaderElection({
        client,
        ...LeaseLock,
        identity,
        ...timings,
        logger: logger.child({ component: 'leader-election' }),
        signal,
        onStartedLeading: async (leading, elector) => {
          logger.info({ identity }, 'became leader; starting controllers');
          await lead(leading, elector);
        },
        onStoppedLeading: () => logger.info({ identity }, 'stopped leading'),
        onNewLeader: (holder) => logger.info({ leader: holder }, 'new leader elected'),
      });
      if (!signal.aborted) logger.warn({ identity }, 'leaderelection lost; campaigning again');
    }
  };
}
