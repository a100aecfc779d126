import { type Static } from '@sinclair/typebox';
import { Obj, Opt, Str } from './schema-kit.ts';

/** ObjectReferenceSchema points at any object (Event.involvedObject, Binding.target, Endpoints targetRef). */
export const ObjectReferenceSchema = Obj({
  kind: Opt(Str()),
  namespace: Opt(Str()),
  name: Opt(Str()),
  uid: Opt(Str()),
  apiVersion: Opt(Str()),
  resourceVersion: Opt(Str()),
  fieldPath: Opt(Str()),
});
export type ObjectReference = Static<typeof ObjectReferenceSchema>;
