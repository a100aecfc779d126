import { boolFlag, parseFlags } from '../component-base/flags.ts';
import { defaultOptions, type ControllerManagerOptions } from './context.ts';
import type { LeaderTimings } from './leader.ts';
import { parseDuration } from '../component-base/duration.ts';

/** concurrentSyncFlags maps Kubernetes' --concurrent-*-syncs flags to controller names. */
export const concurrentSyncFlags: Record<string, string> = {
  'concurrent-replicaset-syncs': 'replicaset',
  'concurrent-rc-syncs': 'replicationcontroller',
  'concurrent-deployment-syncs': 'deployment',
  'concurrent-endpoint-syncs': 'endpoint',
  'concurrent-gc-syncs': 'garbagecollector',
  'concurrent-namespace-syncs': 'namespace',
  'concurrent-job-syncs': 'job',
  'concurrent-cron-job-syncs': 'cronjob',
  'concurrent-ttl-after-finished-syncs': 'ttl-after-finished',
  'concurrent-resource-quota-syncs': 'resourcequota',
  'concurrent-daemonset-syncs': 'daemonset',
  'concurrent-statefulset-syncs': 'statefulset',
};

const spec = {
  kubeconfig: { type: 'string' },
  'leader-elect': { type: 'string' },
  'leader-elect-lease-duration': { type: 'string' },
  'leader-elect-renew-deadline': { type: 'string' },
  'leader-elect-retry-period': { type: 'string' },
  controllers: { type: 'string' },
  'cluster-cidr': { type: 'string' },
  'allocate-node-cidrs': { type: 'string' },
  'node-cidr-mask-size': { type: 'string' },
  'node-monitor-grace-period': { type: 'string' },
  'node-monitor-period': { type: 'string' },
  'node-eviction-rate': { type: 'string' },
  'unhealthy-zone-threshold': { type: 'string' },
  'event-ttl': { type: 'string' },
  'cluster-signing-cert-file': { type: 'string' },
  'cluster-signing-key-file': { type: 'string' },
  'cluster-signing-duration': { type: 'string' },
  'root-ca-file': { type: 'string' },
  'bind-address': { type: 'string' },
  port: { type: 'string' },
  'secure-port': { type: 'string' },
  ...Object.fromEntries(Object.keys(concurrentSyncFlags).map((k) => [k, { type: 'string' }])),
} as const;

/** ManagerFlags are the parsed command line. */
export interface ManagerFlags {
  kubeconfig?: string;
  leaderElect: boolean;
  leader: LeaderTimings;
  controllers: string[];
  options: ControllerManagerOptions;
  bindAddress: string;
  port: number;
}

/** parseManagerFlags parses kube-controller-manager-style flags. */
export function parseManagerFlags(argv: string[]): ManagerFlags {
  const v = parseFlags(spec, argv) as Record<string, string | undefined>;
  const o = defaultOptions();
  const num = (k: string, d: number) => (v[k] === undefined ? d : Number(v[k]));
  const dur = (k: string, d: number) => (v[k] === undefined ? d : parseDuration(v[k]!));
  o.clusterCIDR = v['cluster-cidr'] ?? o.clusterCIDR;
  o.allocateNodeCIDRs = boolFlag(v['allocate-node-cidrs'], o.allocateNodeCIDRs);
  o.nodeCIDRMaskSize = num('node-cidr-mask-size', o.nodeCIDRMaskSize);
  o.nodeMonitorGracePeriodMs = dur('node-monitor-grace-period', o.nodeMonitorGracePeriodMs);
  o.nodeMonitorPeriodMs = dur('node-monitor-period', o.nodeMonitorPeriodMs);
  o.nodeEvictionRate = num('node-eviction-rate', o.nodeEvictionRate);
  o.unhealthyZoneThreshold = num('unhealthy-zone-threshold', o.unhealthyZoneThreshold);
  o.eventTTLMs = dur('event-ttl', o.eventTTLMs);
  for (const [flag, name] of Object.entries(concurrentSyncFlags)) if (v[flag] !== undefined) o.concurrentSyncs[name] = Number(v[flag]);
  const controllers = (v.controllers ?? '*').split(',').map((s) => s.trim()).filter(Boolean);
  if (!o.allocateNodeCIDRs && !controllers.includes('-nodeipam')) controllers.push('-nodeipam');
  o.clusterSigningCertFile = v['cluster-signing-cert-file'];
  o.clusterSigningKeyFile = v['cluster-signing-key-file'];
  o.clusterSigningDurationMs = v['cluster-signing-duration'] === undefined ? undefined : dur('cluster-signing-duration', 0);
  if (o.clusterSigningDurationMs !== undefined && !(o.clusterSigningDurationMs >= 1000)) throw new Error('--cluster-signing-duration must be at least 1s');
  if (!!o.clusterSigningCertFile !== !!o.clusterSigningKeyFile) throw new Error('--cluster-signing-cert-file and --cluster-signing-key-file go together');
  // Without a signing CA there is nothing to sign with: the CSR signer stays off, as in Kubernetes.
  if (!o.clusterSigningCertFile && !controllers.includes('-csrsigning')) controllers.push('-csrsigning');
  o.rootCAFile = v['root-ca-file'];
  // No CA to publish: the root CA publisher stays off, as kube-controller-manager does without --root-ca-file.
  if (!o.rootCAFile && !controllers.includes('-root-ca-cert-publisher')) controllers.push('-root-ca-cert-publisher');
  return {
    kubeconfig: v.kubeconfig,
    leaderElect: boolFlag(v['leader-elect'], true),
    leader: {
      leaseDurationMs: dur('leader-elect-lease-duration', 15_000),
      renewDeadlineMs: dur('leader-elect-renew-deadline', 10_000),
      retryPeriodMs: dur('leader-elect-retry-period', 2_000),
    },
    controllers,
    options: o,
    bindAddress: v['bind-address'] ?? '0.0.0.0',
    port: num('port', num('secure-port', 10257)),
  };
}
