import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { ObjectMeta } from '../../meta/v1/object-meta.ts';

/**
 * schema-kit.ts holds the small TypeBox builders every kind file uses, so each schema reads
 * like the Kubernetes API reference: `Obj({...})` is a closed object (unknown fields are
 * detectable), `Opt` an optional field.
 */

/**
 * Obj builds a TypeBox object schema that rejects unknown properties. A schema used in many
 * places gets an `$id` so the schema validator compiles it once and refers to it by $ref.
 */
export function Obj<T extends TProperties>(props: T, $id?: string) {
  return Type.Object(props, $id ? { additionalProperties: false, $id } : { additionalProperties: false });
}

/** Opt marks a property optional. */
export const Opt = Type.Optional;

/** Str is a string field. */
export const Str = () => Type.String();
/** Int is an integer field (int32/int64 in Kubernetes). */
export const Int = () => Type.Integer();
/** Bool is a boolean field. */
export const Bool = () => Type.Boolean();
/** Time is an RFC 3339 timestamp (metav1.Time / MicroTime). */
export const Time = () => Type.String({ format: 'date-time' });
/** NullableTime is a timestamp that Go clients may send as null (zero metav1.Time). */
export const NullableTime = () => Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
/** Arr is a list field. */
export const Arr = <T extends TSchema>(items: T) => Type.Array(items);
/** StrArr is a list of strings. */
export const StrArr = () => Type.Array(Type.String());
/** StrMap is a map of strings to strings. */
export const StrMap = () => Type.Record(Type.String(), Type.String());

/**
 * KindSchema builds the top-level schema of a kind: apiVersion, kind, metadata plus the
 * given spec/status (or data) properties.
 */
export function KindSchema<T extends TProperties>(props: T) {
  return Type.Object(
    { apiVersion: Opt(Type.String()), kind: Opt(Type.String()), metadata: ObjectMeta, ...props },
    { additionalProperties: false },
  );
}
