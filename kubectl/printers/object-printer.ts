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

/** printYaml renders like kubectl -o yaml (block style, no line folding). */
export function printYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** printJson renders like kubectl -o json (4-space indent). */
export function printJson(value: unknown): string {
  return JSON.stringify(value, null, 4) + '\n';
}

/** printNames renders -o name: one `kind.group/name` per line. */
export function printNames(info: ResourceInfo, objects: KubeObject[]): string {
  return objects.map((o) => kindRef(info, o.metadata.name ?? '') + '\n').join('');
}
