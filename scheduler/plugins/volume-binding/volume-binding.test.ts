import { describe, expect, it } from 'vitest';
import { ErrReasonNodeConflict, ErrReasonPVNotExist, ErrReasonUnboundImmediate, newVolumeBinding } from './volume-binding.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { staticLister } from '../../testutil/lister.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api-types.ts';

const pvc = (name: string, volumeName?: string, deleting = false) =>
  ({ metadata: { name, namespace: 'default', deletionTimestamp: deleting ? '2024-01-01T00:00:00Z' : undefined }, spec: { volumeName } }) as PersistentVolumeClaim;
const localPV = (name: string, node: string) =>
  ({
    metadata: { name },
    spec: {
      local: { path: '/mnt/disk' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
    },
  }) as PersistentVolume;

const claims = [pvc('data', 'pv-a'), pvc('pending'), pvc('gone', 'pv-missing'), pvc('dying', 'pv-a', true), pvc('free', 'pv-anywhere')];
const pvs = [localPV('pv-a', 'a'), { metadata: { name: 'pv-anywhere' }, spec: { hostPath: { path: '/x' } } } as PersistentVolume];
const h = harness(newVolumeBinding, [makeNode('a'), makeNode('b')], [], { pvcLister: staticLister(claims), pvLister: staticLister(pvs) });
const withClaim = (claimName: string) => makePod('p', { spec: { volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] } as never });

describe('VolumeBinding', () => {
  it.each([
    { name: 'no volumes', claim: undefined, node: 'b', want: undefined },
    { name: 'local PV on this node', claim: 'data', node: 'a', want: undefined },
    { name: 'local PV on another node', claim: 'data', node: 'b', want: ErrReasonNodeConflict },
    { name: 'PV without node affinity', claim: 'free', node: 'b', want: undefined },
    { name: 'unbound claim', claim: 'pending', node: 'a', want: ErrReasonUnboundImmediate },
    { name: 'missing claim', claim: 'nope', node: 'a', want: 'persistentvolumeclaim "nope" not found' },
    { name: 'claim being deleted', claim: 'dying', node: 'a', want: 'persistentvolumeclaim "dying" is being deleted' },
    { name: 'claim bound to a missing PV', claim: 'gone', node: 'a', want: ErrReasonPVNotExist },
  ])('$name', ({ claim, node, want }) => {
    const pod = claim ? withClaim(claim) : makePod('p');
    const s = h.filter(pod, node);
    expect(s?.reasons[0]).toBe(want);
    if (want) expect(s?.code).toBe('UnschedulableAndUnresolvable');
  });
});
