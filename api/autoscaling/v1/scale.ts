import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import { Int, KindSchema, Obj, Opt, Str } from '../../core/v1/schema-kit.ts';
import { nonNegative } from '../../validation/causes.ts';

/**
 * ScaleSchema is autoscaling/v1 Scale, the body of the `scale` subresource of Deployments,
 * ReplicaSets, StatefulSets and ReplicationControllers. status.selector is the workload's
 * selector serialized as a label-selector string.
 */
export const ScaleSchema = KindSchema({
  spec: Opt(Obj({ replicas: Opt(Int()) })),
  status: Opt(Obj({ replicas: Int(), selector: Opt(Str()) })),
});
export type Scale = Static<typeof ScaleSchema>;

/** validateScale checks spec.replicas is not negative. */
export function validateScale(scale: Scale): StatusCause[] {
  return nonNegative('spec.replicas', scale.spec?.replicas);
}
