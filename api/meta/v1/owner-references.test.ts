import { describe, expect, it } from 'vitest';
import type { KubeObject } from './object-meta.ts';
import { getControllerOf, isControlledBy, newControllerRef } from './owner-references.ts';

const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'ns', uid: 'u-rs' } };
const other: KubeObject = { metadata: { name: 'web-1', namespace: 'ns', uid: 'u-other' } };

describe('owner references', () => {
  const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
  const cases: Array<{ name: string; pod: KubeObject; controller: string | undefined; byRs: boolean; byOther: boolean }> = [
    { name: 'no refs', pod: { metadata: { name: 'p' } }, controller: undefined, byRs: false, byOther: false },
    { name: 'controller ref', pod: { metadata: { name: 'p', ownerReferences: [ref] } }, controller: 'u-rs', byRs: true, byOther: false },
    {
      name: 'non-controller ref only',
      pod: { metadata: { name: 'p', ownerReferences: [{ ...ref, controller: false }] } },
      controller: undefined,
      byRs: false,
      byOther: false,
    },
    {
      name: 'controller among others',
      pod: { metadata: { name: 'p', ownerReferences: [{ ...ref, uid: 'x', controller: undefined }, ref] } },
      controller: 'u-rs',
      byRs: true,
      byOther: false,
    },
  ];
  it.each(cases)('$name', ({ pod, controller, byRs, byOther }) => {
    expect(getControllerOf(pod)?.uid).toBe(controller);
    expect(isControlledBy(pod, rs)).toBe(byRs);
    expect(isControlledBy(pod, other)).toBe(byOther);
  });

  it('newControllerRef sets controller and blockOwnerDeletion', () => {
    expect(ref).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u-rs', controller: true, blockOwnerDeletion: true });
  });
});
