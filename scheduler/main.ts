/**
 * skiff scheduler entry point: `node scheduler/main.ts --kubeconfig=FILE [--leader-elect]
 * [--config=FILE] [--bind-address=IP] [--port=N] [--kube-api-qps=N] [--kube-api-burst=N]`. Parses flags, build() then run(); exits
 * cleanly on SIGTERM.
 */
import { boolFlag, parseFlags } from '../component-base/flags.ts';
import { createLogger } from '../component-base/logger.ts';
import { shutdownSignal } from '../component-base/signals.ts';
import { build } from './app.ts';

// Kubernetes accepts `--leader-elect`, `--leader-elect=true` and `--leader-elect=false`.
const argv = process.argv.slice(2).flatMap((a) => {
  const m = /^--leader-elect=(.*)$/.exec(a);
  return m ? (boolFlag(m[1], false) ? ['--leader-elect'] : []) : [a];
});
const flags = parseFlags({
  kubeconfig: { type: 'string' },
  'leader-elect': { type: 'boolean' },
  config: { type: 'string' },
  'bind-address': { type: 'string', default: '0.0.0.0' },
  port: { type: 'string', default: '10259' },
  'kube-api-qps': { type: 'string', default: '500' },
  'kube-api-burst': { type: 'string', default: '1000' },
}, argv);

const logger = createLogger('scheduler');
try {
  const app = build({
    kubeconfig: flags.kubeconfig ?? process.env.KUBECONFIG,
    leaderElect: flags['leader-elect'] === true,
    configPath: flags.config,
    bindAddress: flags['bind-address']!,
    port: Number(flags.port),
    kubeApiQps: Number(flags['kube-api-qps']),
    kubeApiBurst: Number(flags['kube-api-burst']),
    logger,
  });
  await app.run(shutdownSignal());
  logger.info('scheduler stopped');
  process.exit(0);
} catch (err) {
  logger.error({ err }, 'scheduler failed');
  process.exit(1);
}
