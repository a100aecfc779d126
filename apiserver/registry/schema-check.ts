import type { KindDefinition } from '../../api/resource-info.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { StatusCause } from '../../api/meta/v1/status.ts';

/** SchemaCheckResult says what a body's shape got wrong: wrong types and fields the schema does not know. */
export interface SchemaCheckResult {
  typeErrors: StatusCause[];
  unknownFields: string[];
  /** object is the body with unknown fields removed. */
  object: KubeObject;
}

/**
 * SchemaChecker checks a decoded body against a kind's schema. With owned, the checker may clean
 * obj in place (the caller hands it over) instead of returning a cleaned copy.
 */
export type SchemaChecker = (def: KindDefinition, obj: KubeObject, owned?: boolean) => SchemaCheckResult;

/** noSchemaCheck accepts every body unchanged (used until a kind's schema validator exists). */
export const noSchemaCheck: SchemaChecker = (_def, obj) => ({ typeErrors: [], unknownFields: [], object: obj });
