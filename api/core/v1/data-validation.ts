import type { StatusCause } from '../../meta/v1/status.ts';
import { deepEqual, duplicate, forbidden, invalid } from '../../validation/causes.ts';
import { isConfigMapKey } from '../../validation/names.ts';

/** MaxDataSize is the cap on a ConfigMap's or Secret's total data (1 MiB). */
export const MaxDataSize = 1024 * 1024;

/**
 * validateDataMaps checks the keys of one or two data maps (data + binaryData), that no key
 * appears in both, and the total size.
 */
export function validateDataMaps(maps: [string, Record<string, string> | undefined][], sizeOf: (field: string, v: string) => number): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  let size = 0;
  for (const [field, map] of maps) {
    for (const [k, v] of Object.entries(map ?? {})) {
      for (const m of isConfigMapKey(k)) causes.push(invalid(`${field}[${k}]`, k, m));
      if (seen.has(k)) causes.push(duplicate(`${field}[${k}]`, k));
      seen.add(k);
      size += sizeOf(field, typeof v === 'string' ? v : '');
    }
  }
  if (size > MaxDataSize) causes.push({ reason: 'FieldValueTooLong', field: '', message: `Too long: must have at most ${MaxDataSize} bytes` });
  return causes;
}

/** ImmutableData is the part of a ConfigMap or Secret that `immutable: true` freezes. */
export interface ImmutableData {
  immutable?: boolean;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

/** validateImmutableDataUpdate forbids changing data or un-setting immutable once immutable is true. */
export function validateImmutableDataUpdate(obj: ImmutableData, old: ImmutableData): StatusCause[] {
  if (!old.immutable) return [];
  const causes: StatusCause[] = [];
  const msg = 'field is immutable when `immutable` is set';
  if (!obj.immutable) causes.push(forbidden('immutable', msg));
  if (!deepEqual(obj.data ?? {}, old.data ?? {})) causes.push(forbidden('data', msg));
  if (!deepEqual(obj.binaryData ?? {}, old.binaryData ?? {})) causes.push(forbidden('binaryData', msg));
  return causes;
}
