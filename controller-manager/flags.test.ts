import { describe, expect, it } from 'vitest';
import { parseManagerFlags } from './flags.ts';
import { enabledControllers, registry } from './registry.ts';

describe('flags', () => {
  it('parses Kubernetes flag names', () => {
    const f = parseManagerFlags(['--kubeconfig=/k', '--leader-elect=false', '--controllers=*,-job', '--cluster-cidr=10.8.0.0/16', '--node-cidr-mask-size=26', '--node-monitor-grace-period=5s', '--node-eviction-rate=1', '--concurrent-deployment-syncs=2', '--port=0']);
    expect(f).toMatchObject({ kubeconfig: '/k', leaderElect: false, controllers: ['*', '-job', '-csrsigning', '-root-ca-cert-publisher'], port: 0 });
    expect(f.options).toMatchObject({ clusterCIDR: '10.8.0.0/16', nodeCIDRMaskSize: 26, nodeMonitorGracePeriodMs: 5000, nodeEvictionRate: 1, concurrentSyncs: { deployment: 2 } });
    expect(parseManagerFlags([]).leaderElect).toBe(true);
  });
  it('runs the CSR signer only with both --cluster-signing-* files', () => {
    const on = parseManagerFlags(['--cluster-signing-cert-file=/pki/ca.crt', '--cluster-signing-key-file=/pki/ca.key']);
    expect(on.options).toMatchObject({ clusterSigningCertFile: '/pki/ca.crt', clusterSigningKeyFile: '/pki/ca.key' });
    expect(enabledControllers(on.controllers).map((r) => r.name)).toContain('csrsigning');
    expect(enabledControllers(parseManagerFlags([]).controllers).map((r) => r.name)).not.toContain('csrsigning');
    expect(() => parseManagerFlags(['--cluster-signing-cert-file=/pki/ca.crt'])).toThrow(/go together/);
    expect(on.options.clusterSigningDurationMs).toBeUndefined();
    expect(parseManagerFlags(['--cluster-signing-duration=8760h0m0s']).options.clusterSigningDurationMs).toBe(8760 * 3_600_000);
    expect(parseManagerFlags(['--cluster-signing-duration=30s']).options.clusterSigningDurationMs).toBe(30_000);
    expect(() => parseManagerFlags(['--cluster-signing-duration=0'])).toThrow(/at least 1s/);
  });
  it('runs the root CA publisher only with --root-ca-file', () => {
    const on = parseManagerFlags(['--root-ca-file=/pki/ca.crt']);
    expect(on.options.rootCAFile).toBe('/pki/ca.crt');
    expect(enabledControllers(on.controllers).map((r) => r.name)).toContain('root-ca-cert-publisher');
    expect(enabledControllers(parseManagerFlags(['--controllers=root-ca-cert-publisher']).controllers)).toEqual([]);
  });
  it('fails on unknown flags', () => expect(() => parseManagerFlags(['--nope=1'])).toThrow(/nope/));
});

describe('--controllers', () => {
  const names = (spec: string[]) => enabledControllers(spec).map((r) => r.name);
  it('* enables every controller', () => expect(names(['*'])).toEqual(registry.map((r) => r.name)));
  it('-foo disables one', () => expect(names(['*', '-job'])).not.toContain('job'));
  it('a bare list enables only those', () => expect(names(['deployment', 'replicaset'])).toEqual(['replicaset', 'deployment']));
  it('unknown names are an error', () => expect(() => names(['*', 'bogus'])).toThrow(/bogus/));
});
