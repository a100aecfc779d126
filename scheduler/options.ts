/**
 * The scheduler's command-line flags, with kube-scheduler's names: parsed and validated into
 * AppOptions (without the logger).
 */
import { boolFlag, parseFlags } from '../component-base/flags.ts';
import type { AppOptions } from './app.ts';
import { parseDuration } from '../component-base/duration.ts';

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

/** parseOptions parses argv into scheduler options; throws with a clear message on bad input. */
export function parseOptions(args: string[], env: NodeJS.ProcessEnv = process.env): Omit<AppOptions, 'logger'> {
  // Kubernetes accepts `--leader-elect`, `--leader-elect=true` and `--leader-elect=false`.
  const argv = args.flatMap((a) => {
    const m = /^--leader-elect=(.*)$/.exec(a);
    return m ? (boolFlag(m[1], false) ? ['--leader-elect'] : []) : [a];
  });
  const flags = parseFlags(
    {
      kubeconfig: { type: 'string' },
      'leader-elect': { type: 'boolean' },
      'leader-elect-lease-duration': { type: 'string', default: '15s' },
      'leader-elect-renew-deadline': { type: 'string', default: '10s' },
      'leader-elect-retry-period': { type: 'string', default: '2s' },
      config: { type: 'string' },
      'bind-address': { type: 'string', default: '0.0.0.0' },
      port: { type: 'string', default: '10259' },
      'kube-api-qps': { type: 'string', default: '500' },
      'kube-api-burst': { type: 'string', default: '1000' },
    },
    argv,
  );
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got "${flags.port}"`);
  const lease = {
    leaseDurationMs: parseDuration(flags['leader-elect-lease-duration']!),
    renewDeadlineMs: parseDuration(flags['leader-elect-renew-deadline']!),
    retryPeriodMs: parseDuration(flags['leader-elect-retry-period']!),
  };
  if (!(lease.retryPeriodMs < lease.renewDeadlineMs && lease.renewDeadlineMs < lease.leaseDurationMs)) {
    throw new Error('leader election needs retry-period < renew-deadline < lease-duration');
  }
  return {
    kubeconfig: flags.kubeconfig ?? env.KUBECONFIG,
    leaderElect: flags['leader-elect'] === true,
    lease,
    configPath: flags.config,
    bindAddress: flags['bind-address']!,
    port,
    kubeApiQps: positive('kube-api-qps', flags['kube-api-qps']),
    kubeApiBurst: positive('kube-api-burst', flags['kube-api-burst']),
  };
}
