import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import { ObjectMeta } from '../../meta/v1/object-meta.ts';
import { Bool, Int, Obj, Opt, Str, StrArr } from './schema-kit.ts';
import { ObjectReferenceSchema } from './object-reference.ts';
import { required } from '../../validation/causes.ts';

/** BindingSchema is the body of POST pods/{name}/binding: it assigns a pod to a node. */
export const BindingSchema = Obj({
  apiVersion: Opt(Str()),
  kind: Opt(Str()),
  metadata: ObjectMeta,
  target: ObjectReferenceSchema,
});
export type Binding = Static<typeof BindingSchema>;

/** validateBinding checks a binding names its target node (kind Node, a name). */
export function validateBinding(b: Binding): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!b.target?.name) causes.push(required('target.name'));
  if (b.target?.kind && b.target.kind !== 'Node') causes.push({ reason: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: ${JSON.stringify(b.target.kind)}: supported values: "Node"` });
  return causes;
}

/** DeleteOptionsSchema is metav1.DeleteOptions (body of DELETE and of an Eviction). */
export const DeleteOptionsSchema = Obj({
  apiVersion: Opt(Str()),
  kind: Opt(Str()),
  gracePeriodSeconds: Opt(Int()),
  preconditions: Opt(Obj({ uid: Opt(Str()), resourceVersion: Opt(Str()) })),
  orphanDependents: Opt(Bool()),
  propagationPolicy: Opt(Str()),
  dryRun: Opt(StrArr()),
  ignoreStoreReadErrorWithClusterBreakingPotential: Opt(Bool()),
});
export type DeleteOptions = Static<typeof DeleteOptionsSchema>;

/** EvictionSchema is the policy/v1 Eviction posted to pods/{name}/eviction. */
export const EvictionSchema = Obj({
  apiVersion: Opt(Str()),
  kind: Opt(Str()),
  metadata: ObjectMeta,
  deleteOptions: Opt(DeleteOptionsSchema),
});
export type Eviction = Static<typeof EvictionSchema>;

