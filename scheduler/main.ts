/**
 * skiff scheduler entry point:
 *   node scheduler/main.ts --kubeconfig=FILE [--leader-elect] [--config=FILE]
 *     [--bind-address=IP] [--port=N] [--kube-api-qps=N] [--kube-api-burst=N]
 *     [--leader-elect-lease-duration=15s] [--leader-elect-renew-deadline=10s] [--leader-elect-retry-period=2s]
 * Parses flags, build() then run(); exits 0 after a clean SIGTERM, 1 on failure or a lost lease.
 */
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { build } from './app.ts';
import { parseOptions } from './options.ts';

const logger = createLogger('scheduler');
try {
  const app = build({ ...parseOptions(process.argv.slice(2)), logger });
  await app.run(shutdownSignal());
  logger.info('scheduler stopped');
  process.exit(0);
} catch (err) {
  logger.error({ err }, 'scheduler failed');
  process.exit(1);
}
