import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.ts';

describe('parseOptions', () => {
  it('has kube-scheduler defaults', () => {
    const o = parseOptions(['--kubeconfig=/k'], {});
    expect(o).toMatchObject({ kubeconfig: '/k', leaderElect: false, bindAddress: '0.0.0.0', port: 10259, kubeApiQps: 500, kubeApiBurst: 1000 });
    expect(o.lease).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
  });
  it.each([
    { args: ['--leader-elect'], want: true },
    { args: ['--leader-elect=true'], want: true },
    { args: ['--leader-elect=false'], want: false },
  ])('$args → leaderElect $want', ({ args, want }) => {
    expect(parseOptions(args, {}).leaderElect).toBe(want);
  });
  it('falls back to $KUBECONFIG', () => {
    expect(parseOptions([], { KUBECONFIG: '/env' }).kubeconfig).toBe('/env');
  });
  it.each([
    { args: ['--nope'], err: /nope/ },
    { args: ['--port=70000'], err: /--port/ },
    { args: ['--kube-api-qps=0'], err: /--kube-api-qps/ },
    { args: ['--leader-elect-lease-duration=5s', '--leader-elect-renew-deadline=10s'], err: /retry-period < renew-deadline < lease-duration/ },
    { args: ['--leader-elect-retry-period=fast'], err: /invalid duration/ },
  ])('rejects $args', ({ args, err }) => {
    expect(() => parseOptions(args, {})).toThrow(err);
  });
});

