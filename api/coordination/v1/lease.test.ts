import { describe, expect, it } from 'vitest';
import { leaseDefinition, type Lease } from './lease.ts';

describe('lease validation', () => {
  it.each([
    ['valid', { holderIdentity: 'node-1', leaseDurationSeconds: 40, leaseTransitions: 0 }, []],
    ['zero duration', { leaseDurationSeconds: 0 }, ['spec.leaseDurationSeconds']],
    ['negative transitions', { leaseTransitions: -1 }, ['spec.leaseTransitions']],
    ['bad strategy', { strategy: 'Newest' }, ['spec.strategy']],
  ] as [string, Lease['spec'], string[]][])('%s', (_n, spec, want) => {
    const lease: Lease = { metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec };
    expect(leaseDefinition.validate(lease).map((c) => c.field)).toEqual(want);
  });

  it('lets the holder and renew time change', () => {
    const old: Lease = { metadata: { name: 'x', namespace: 'd' }, spec: { holderIdentity: 'a', renewTime: '2024-01-01T00:00:00.000000Z' } };
    const next: Lease = { ...old, spec: { holderIdentity: 'b', renewTime: '2024-01-01T00:00:10.000000Z', leaseTransitions: 1 } };
    expect(leaseDefinition.validateUpdate!(next, old)).toEqual([]);
  });
});
