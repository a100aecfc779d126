import type { StatusCause } from '../meta/v1/status.ts';
import { invalid, required } from './causes.ts';

/**
 * names.ts holds Kubernetes' string-format checks (k8s.io/apimachinery/pkg/util/validation):
 * each `is…` returns the list of problems with a string, empty when it is valid, and each
 * `validate…` turns them into StatusCauses for a field.
 */

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const cIdentifierFmt = '[A-Za-z_][A-Za-z0-9_]*';
const configKeyFmt = '[-._a-zA-Z0-9]+';

const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);
const cIdentifierRe = new RegExp(`^${cIdentifierFmt}$`);
const configKeyRe = new RegExp(`^${configKeyFmt}$`);

/** DNS1123LabelMaxLength is the longest DNS-1123 label (63). */
export const DNS1123LabelMaxLength = 63;
/** DNS1123SubdomainMaxLength is the longest DNS-1123 subdomain (253). */
export const DNS1123SubdomainMaxLength = 253;

function maxLen(n: number): string {
  return `must be no more than ${n} characters`;
}

/** isDNS1123Label checks a lowercase RFC 1123 label (namespace, container and volume names). */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123LabelMaxLength) errs.push(maxLen(DNS1123LabelMaxLength));
  if (!dns1123LabelRe.test(value)) {
    errs.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${dns1123LabelFmt}')`,
    );
  }
  return errs;
}

/** isDNS1123Subdomain checks a lowercase RFC 1123 subdomain (most object names). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123SubdomainMaxLength) errs.push(maxLen(DNS1123SubdomainMaxLength));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123SubdomainFmt}')`,
    );
  }
  return errs;
}

/** isDNS1035Label checks an RFC 1035 label (Service names: must start with a letter). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123LabelMaxLength) errs.push(maxLen(DNS1123LabelMaxLength));
  if (!dns1035LabelRe.test(value)) {
    errs.push(
      `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${dns1035LabelFmt}')`,
    );
  }
  return errs;
}

/** isCIdentifier checks a C identifier ([A-Za-z_][A-Za-z0-9_]*). */
export function isCIdentifier(value: string): string[] {
  if (cIdentifierRe.test(value)) return [];
  return [
    `a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '${cIdentifierFmt}')`,
  ];
}

/**
 * isEnvVarName checks an environment variable name the way current Kubernetes does
 * (RelaxedEnvironmentVariableValidation, GA): any printable ASCII character except '='.
 */
export function isEnvVarName(value: string): string[] {
  if (value.length > 0 && /^[\x20-\x7e]+$/.test(value) && !value.includes('=')) return [];
  return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
}

/** isConfigMapKey checks a ConfigMap/Secret data key ([-._a-zA-Z0-9]+, not '.' or '..'). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123SubdomainMaxLength) errs.push(maxLen(DNS1123SubdomainMaxLength));
  if (!configKeyRe.test(value)) {
    errs.push(
      `a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${configKeyFmt}')`,
    );
  }
  if (value === '.') errs.push(`must not be '.'`);
  else if (value === '..') errs.push(`must not be '..'`);
  else if (value.startsWith('..')) errs.push(`must not start with '..'`);
  return errs;
}

/**
 * isValidPathSegmentName rejects names that cannot be one URL/etcd-key segment: '.', '..',
 * or anything containing '/' or '%' (apimachinery's path.IsValidPathSegmentName).
 */
export function isValidPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (value.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** isPortName checks an IANA service name (container and service port names). */
export function isPortName(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** NameValidator is one of the name checks above, used by validateObjectMeta. */
export type NameValidator = (value: string) => string[];

/** validateString turns the messages of a check into FieldValueInvalid causes for field. */
export function validateString(field: string, value: string, check: NameValidator): StatusCause[] {
  return check(value).map((msg) => invalid(field, value, msg));
}

/** validateRequiredString reports Required when value is empty, else runs check. */
export function validateRequiredString(field: string, value: string | undefined, check: NameValidator): StatusCause[] {
  if (!value) return [required(field)];
  return validateString(field, value, check);
}
