import type { TSchema } from '@sinclair/typebox';
import type { KubeObject } from './meta/v1/object-meta.ts';
import type { StatusCause } from './meta/v1/status.ts';

/**
 * ResourceInfo describes one REST resource: where it lives, what it is called and what it
 * supports. The API server builds routes and discovery from it; clients build paths from it;
 * skiffctl resolves names and short names with it.
 */
export interface ResourceInfo {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural lower-case resource name used in URLs, e.g. 'deployments'. */
  resource: string;
  /** Singular lower-case name, e.g. 'deployment'. */
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Subresources served besides the main resource, e.g. ['status', 'scale']. */
  subresources: string[];
  /** Discovery categories, e.g. ['all'] for kubectl get all. */
  categories: string[];
}

/** apiVersionOf returns 'v1' for the core group and 'group/version' otherwise. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** FieldValidationResult is what validation returns: the causes of a 422, empty when valid. */
export type FieldErrors = StatusCause[];

/**
 * KindDefinition is everything the API machinery knows about a kind, defined once in
 * api/<group>/<version>/<kind>.ts: REST info, schema, defaulting, validation and the
 * field-selector values the server can filter on.
 */
export interface KindDefinition<T extends KubeObject = KubeObject> {
  info: ResourceInfo;
  /** JSON Schema (TypeBox) of the whole object; the kind's TS type is Static<typeof schema>. */
  schema: TSchema;
  /** applyDefaults fills Kubernetes defaults in place (restartPolicy Always, protocol TCP…). */
  applyDefaults(obj: T): void;
  /** validate returns every problem of a new object with its field path. */
  validate(obj: T): FieldErrors;
  /** validateUpdate returns problems of an update, including immutable-field changes. */
  validateUpdate?(obj: T, old: T): FieldErrors;
  /** selectableFields returns extra field-selector values (e.g. spec.nodeName, status.phase). */
  selectableFields?(obj: T): Record<string, string>;
}
