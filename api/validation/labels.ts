import type { StatusCause } from '../meta/v1/status.ts';
import type { LabelSelector } from '../meta/v1/object-meta.ts';
import { invalid, notSupported, required, forbidden } from './causes.ts';
import { isDNS1123Subdomain } from './names.ts';

/**
 * labels.ts validates label keys and values, annotations and structured label selectors as
 * Kubernetes does (qualified names: optional DNS-subdomain prefix + '/' + name of ≤63 chars).
 */

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const qualifiedNameErr = `must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${qualifiedNameFmt}')`;

/** TotalAnnotationSizeLimitB is the cap on the summed size of all annotation keys and values. */
export const TotalAnnotationSizeLimitB = 256 * 1024;

/** isQualifiedName checks a label or annotation key such as 'app' or 'example.com/tier'. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = parts[0];
  const errs: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of isDNS1123Subdomain(prefix)) errs.push('prefix part ' + e);
  } else if (parts.length > 2) {
    return [`a qualified name ${qualifiedNameErr} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !qualifiedNameRe.test(name)) errs.push('name part ' + qualifiedNameErr);
  return errs;
}

/** isValidLabelValue checks a label value: empty or a qualified name part of ≤63 chars. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!labelValueRe.test(value)) {
    errs.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${labelValueFmt}')`,
    );
  }
  return errs;
}

/** validateLabelName reports a bad label key at field. */
export function validateLabelName(field: string, key: string): StatusCause[] {
  return isQualifiedName(key).map((m) => invalid(field, key, m));
}

/** validateLabels checks every key and value of a label map (metadata.labels, nodeSelector). */
export function validateLabels(field: string, labels: Record<string, string> | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    causes.push(...validateLabelName(field, k));
    if (typeof v !== 'string') causes.push(invalid(field, v, 'must be a string'));
    else for (const m of isValidLabelValue(v)) causes.push(invalid(field, v, m));
  }
  return causes;
}

/** validateAnnotations checks annotation keys (lower-cased qualified names) and the total size. */
export function validateAnnotations(field: string, annotations: Record<string, string> | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) causes.push(invalid(field, k, m));
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > TotalAnnotationSizeLimitB) {
    causes.push({ reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${TotalAnnotationSizeLimitB} bytes` });
  }
  return causes;
}

const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** validateLabelSelector checks a structured LabelSelector (matchLabels + matchExpressions). */
export function validateLabelSelector(field: string, selector: LabelSelector | undefined): StatusCause[] {
  if (!selector) return [];
  const causes = validateLabels(`${field}.matchLabels`, selector.matchLabels);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const p = `${field}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0) causes.push(required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(`${p}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      causes.push(notSupported(`${p}.operator`, req.operator, selectorOperators));
    }
    causes.push(...validateLabelName(`${p}.key`, req.key ?? ''));
    values.forEach((v, j) => causes.push(...isValidLabelValue(v).map((m) => invalid(`${p}.values[${j}]`, v, m))));
  });
  return causes;
}

/** selectorIsEmpty tells whether a selector selects everything (no labels and no expressions). */
export function selectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** selectorMatches evaluates a structured LabelSelector against labels. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, req.key);
    const inValues = has && (req.values ?? []).includes(l[req.key]);
    if (req.operator === 'In' && !inValues) return false;
    if (req.operator === 'NotIn' && inValues) return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
