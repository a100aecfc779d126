import type { StatusCause } from '../meta/v1/status.ts';
import type { IntOrString, Quantity } from '../meta/v1/object-meta.ts';
import { invalid, notSupported, required } from './causes.ts';

/** values.ts checks ports, protocols, int-or-percent values and resource quantities. */

/** Protocols are the protocols a port may use. */
export const Protocols = ['TCP', 'UDP', 'SCTP'] as const;

/** validatePortNumber checks 1 ≤ port ≤ 65535. */
export function validatePortNumber(field: string, port: number | undefined, isRequired = true): StatusCause[] {
  if (port === undefined || port === 0) return isRequired ? [required(field)] : [];
  if (!Number.isInteger(port) || port < 1 || port > 65535) return [invalid(field, port, 'must be between 1 and 65535, inclusive')];
  return [];
}

/** validateProtocol checks a port protocol (TCP, UDP, SCTP); empty is allowed (defaulted). */
export function validateProtocol(field: string, protocol: string | undefined): StatusCause[] {
  if (protocol === undefined) return [required(field)];
  return Protocols.includes(protocol as (typeof Protocols)[number]) ? [] : [notSupported(field, protocol, Protocols)];
}

const percentRe = /^[0-9]+%$/;

/** getIntOrPercent returns the integer, or the percentage number for 'N%', or undefined if malformed. */
export function getIntOrPercent(value: IntOrString): { value: number; percent: boolean } | undefined {
  if (typeof value === 'number') return { value, percent: false };
  if (!percentRe.test(value)) return undefined;
  return { value: Number(value.slice(0, -1)), percent: true };
}

/** validateIntOrPercent checks a non-negative integer or a 'N%' string (maxSurge, maxUnavailable). */
export function validateIntOrPercent(field: string, value: IntOrString | undefined): StatusCause[] {
  if (value === undefined) return [];
  const parsed = getIntOrPercent(value);
  if (!parsed) return [invalid(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  if (parsed.value < 0) return [invalid(field, value, 'must be greater than or equal to 0')];
  if (parsed.percent && parsed.value > 100) return [invalid(field, value, 'must not be greater than 100%')];
  return [];
}

const quantityRe = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const suffixes: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/**
 * quantityValue parses a Kubernetes quantity ('100m', '1Gi', '1e3', 2) into a number, or
 * returns undefined when the syntax is wrong. Precise enough for comparisons in validation.
 */
export function quantityValue(q: Quantity): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  const m = quantityRe.exec(q.trim() === q ? q : '');
  if (!m || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1])) return undefined;
  const num = Number(m[1]);
  const suffix = m[2];
  if (suffix in suffixes) return num * suffixes[suffix];
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  return exp ? num * 10 ** Number(exp[1]) : undefined;
}

/** validateQuantity checks the syntax of a quantity and that it is not negative. */
export function validateQuantity(field: string, q: Quantity | undefined, allowNegative = false): StatusCause[] {
  if (q === undefined) return [];
  const v = quantityValue(q);
  if (v === undefined) return [invalid(field, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
  if (!allowNegative && v < 0) return [invalid(field, q, 'must be greater than or equal to 0')];
  return [];
}
