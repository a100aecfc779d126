import { isIP } from 'node:net';
import type { StatusCause } from '../meta/v1/status.ts';
import { invalid } from './causes.ts';

/** network.ts validates IP addresses and CIDRs as Kubernetes does. */

/** validateIP checks an IPv4 or IPv6 address. */
export function validateIP(field: string, value: string): StatusCause[] {
  return isIP(value) ? [] : [invalid(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** isCIDR tells whether value is an IPv4 or IPv6 CIDR such as 10.244.1.0/24. */
export function isCIDR(value: string): boolean {
  const [ip, bits, extra] = value.split('/');
  if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/** validateCIDR checks a CIDR. */
export function validateCIDR(field: string, value: string): StatusCause[] {
  return isCIDR(value) ? [] : [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}
