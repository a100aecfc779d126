import type { StatusCause } from '../meta/v1/status.ts';

/**
 * causes.ts builds StatusCause entries with the reasons and message shapes of Kubernetes'
 * field.ErrorList (k8s.io/apimachinery/pkg/util/validation/field), so a 422 from Skiff reads
 * like one from Kubernetes.
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return '""';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** required reports a missing value: `Required value` (FieldValueRequired). */
export function required(field: string, detail = ''): StatusCause {
  return { reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

/** invalid reports a bad value: `Invalid value: "x": detail` (FieldValueInvalid). */
export function invalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${show(value)}: ${detail}` };
}

/** duplicate reports a repeated value: `Duplicate value: "x"` (FieldValueDuplicate). */
export function duplicate(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${show(value)}` };
}

/** notSupported reports a value outside an enumeration (FieldValueNotSupported). */
export function notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return { reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${show(value)}: supported values: ${list}` };
}

/** forbidden reports a field that may not be set or changed (FieldValueForbidden). */
export function forbidden(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

/** notFound reports a reference to something that does not exist (FieldValueNotFound). */
export function notFound(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueNotFound', field, message: `Not found: ${show(value)}` };
}

/** tooLong reports a value over its length limit (FieldValueTooLong). */
export function tooLong(field: string, max: number, unit = ''): StatusCause {
  return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max}${unit ? ' ' + unit : ''}` };
}

/** tooMany reports a list over its size limit (FieldValueTooMany). */
export function tooMany(field: string, actual: number, max: number): StatusCause {
  return { reason: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

/** checkEnum returns a NotSupported cause when value is set and not one of supported. */
export function checkEnum(field: string, value: string | undefined, supported: readonly string[], isRequired = false): StatusCause[] {
  if (value === undefined || value === '') return isRequired ? [required(field)] : [];
  return supported.includes(value) ? [] : [notSupported(field, value, supported)];
}

/** nonNegative checks an optional integer is >= 0 (Kubernetes' ValidateNonnegativeField). */
export function nonNegative(field: string, value: number | undefined): StatusCause[] {
  return value !== undefined && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** positive checks an optional integer is > 0. */
export function positive(field: string, value: number | undefined): StatusCause[] {
  return value !== undefined && value <= 0 ? [invalid(field, value, 'must be greater than 0')] : [];
}

/** immutable compares two values structurally and reports `field is immutable` when they differ. */
export function immutable(field: string, now: unknown, before: unknown): StatusCause[] {
  return deepEqual(now, before) ? [] : [invalid(field, now, 'field is immutable')];
}

/** deepEqual compares JSON-like values, treating undefined and missing keys alike. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}
