import type { Storage } from '../storage/types.ts';
import { intToIp, offsetInRange, parseCidr, type IPv4Range } from '../../component-base/ipv4-range.ts';
import { createKeyAllocator, type KeyAllocator } from './key-allocator.ts';

/** PortRange is an inclusive port range such as 30000-32767. */
export interface PortRange {
  base: number;
  size: number;
  text: string;
}

/** parsePortRange parses `30000-32767` (or `30000+2767`). */
export function parsePortRange(text: string): PortRange {
  const m = /^(\d+)(?:-(\d+)|\+(\d+))$/.exec(text.trim());
  if (!m) throw new Error(`invalid port range ${JSON.stringify(text)}`);
  const base = Number(m[1]);
  const last = m[2] !== undefined ? Number(m[2]) : base + Number(m[3]);
  if (base < 1 || last > 65535 || last < base) throw new Error(`invalid port range ${JSON.stringify(text)}`);
  return { base, size: last - base + 1, text: `${base}-${last}` };
}

/** ServiceAllocators are the cluster-wide allocators of Service clusterIPs and nodePorts. */
export interface ServiceAllocators {
  ipRange: IPv4Range;
  portRange: PortRange;
  clusterIPs: KeyAllocator;
  nodePorts: KeyAllocator;
  /** ipInRange tells whether ip is a usable address of the service range. */
  ipInRange(ip: string): boolean;
  /** portInRange tells whether port lies in the node port range. */
  portInRange(port: number): boolean;
}

// The lowest addresses are kept for explicit requests (.1 for the kubernetes Service, .10 for DNS).
const STATIC_BAND = 16;

/** createServiceAllocators builds the allocators for a service CIDR and node port range. */
export function createServiceAllocators(storage: Storage, serviceCidr: string, nodePortRange: string): ServiceAllocators {
  const ipRange = parseCidr(serviceCidr);
  const portRange = parsePortRange(nodePortRange);
  const band = ipRange.size > STATIC_BAND * 4 ? STATIC_BAND : 1;
  const dynamicIPs = ipRange.size - 1 - band;
  return {
    ipRange,
    portRange,
    clusterIPs: createKeyAllocator(storage, 'serviceipallocations', (i) => intToIp(ipRange.base + band + i), dynamicIPs),
    nodePorts: createKeyAllocator(storage, 'servicenodeportallocations', (i) => String(portRange.base + i), portRange.size),
    ipInRange: (ip) => offsetInRange(ipRange, ip) !== undefined,
    portInRange: (p) => p >= portRange.base && p < portRange.base + portRange.size,
  };
}
