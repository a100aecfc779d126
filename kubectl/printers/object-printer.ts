import { stringify } from 'yaml';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { kindRef } from '../object-ref.ts';

/**
 * asListOrSingle is what -o yaml/json prints: the object itself for one named object, else a
 * `List` (kind List, apiVersion v1) of the items — as kubectl does.
 */
export function asListOrSingle(objects: KubeObject[], single: boolean): unknown {
  if (single && objects.length === 1) return objects[0];
  return { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } };
}

/** printYaml renders like kubectl -o yaml: keys sorted (as Go marshals maps), block style, no folding. */
export function printYaml(value: unknown): string {
  // YAML 1.1 quoting matches Go's yaml (timestamps, 'y'/'n' quoted); sequences are not indented.
  return stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false, sortMapEntries: true, indentSeq: false });
}

/** printJson renders like kubectl -o json: keys sorted, 4-space indent. */
export function printJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

/** hideManagedFields drops metadata.managedFields, as kubectl does unless --show-managed-fields. */
export function hideManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** printNames renders -o name: one `kind.group/name` per line. */
export function printNames(info: ResourceInfo, objects: KubeObject[]): string {
  return objects.map((o) => kindRef(info, o.metadata.name ?? '') + '\n').join('');
}
