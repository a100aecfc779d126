import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Int, KindSchema, Obj, Opt, Str, Time } from '../../core/v1/schema-kit.ts';
import { checkEnum, nonNegative, positive } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** LeaseSpecSchema is who holds a lease, for how long, and since when. */
export const LeaseSpecSchema = Obj({
  holderIdentity: Opt(Str()),
  leaseDurationSeconds: Opt(Int()),
  acquireTime: Opt(Time()),
  renewTime: Opt(Time()),
  leaseTransitions: Opt(Int()),
  strategy: Opt(Str()),
  preferredHolder: Opt(Str()),
});
export type LeaseSpec = Static<typeof LeaseSpecSchema>;

/** LeaseSchema is a coordination.k8s.io/v1 Lease (node heartbeats, leader election). */
export const LeaseSchema = KindSchema({ spec: Opt(LeaseSpecSchema) });
export type Lease = Static<typeof LeaseSchema>;

function validateLease(lease: Lease): StatusCause[] {
  const spec = lease.spec ?? {};
  return [
    ...validateObjectMeta(lease.metadata, { namespaced: true }),
    ...positive('spec.leaseDurationSeconds', spec.leaseDurationSeconds),
    ...nonNegative('spec.leaseTransitions', spec.leaseTransitions),
    ...checkEnum('spec.strategy', spec.strategy, ['OldestEmulationVersion']),
  ];
}

/** leaseDefinition is the KindDefinition of coordination.k8s.io/v1 Lease. */
export const leaseDefinition: KindDefinition<Lease> = {
  info: Resources.leases,
  schema: LeaseSchema,
  applyDefaults() {},
  validate: validateLease,
  validateUpdate: (l, old) => [...validateLease(l), ...validateObjectMetaUpdate(l.metadata, old.metadata)],
};
