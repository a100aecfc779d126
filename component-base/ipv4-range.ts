/** IPv4 address and CIDR arithmetic shared by the API server's Service IP allocator and the kubelet's pod IPs. */

/** IPv4Range is a parsed IPv4 CIDR such as 10.96.0.0/12. */
export interface IPv4Range {
  cidr: string;
  base: number;
  size: number;
}

/** ipToInt parses dotted-quad IPv4 (undefined when malformed). */
export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** intToIp formats a 32-bit number as dotted-quad IPv4. */
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** parseCidr parses an IPv4 CIDR (throws on malformed input or prefixes longer than /30). */
export function parseCidr(cidr: string): IPv4Range {
  const [ip, bitsRaw] = cidr.split('/');
  const addr = ipToInt(ip ?? '');
  const bits = Number(bitsRaw);
  if (addr === undefined || !Number.isInteger(bits) || bits < 1 || bits > 30) throw new Error(`invalid IPv4 CIDR ${JSON.stringify(cidr)}`);
  const size = 2 ** (32 - bits);
  return { cidr, base: addr - (addr % size), size };
}

/** offsetInRange returns ip's offset in the range if it is a usable host address (not network or broadcast). */
export function offsetInRange(range: IPv4Range, ip: string): number | undefined {
  const n = ipToInt(ip);
  if (n === undefined) return undefined;
  const off = n - range.base;
  return off >= 1 && off < range.size - 1 ? off : undefined;
}

/** firstHostOf gives the first host address of an IPv4 CIDR (10.244.1.0/24 → 10.244.1.1): a bridge's address, its hosts' gateway. */
export function firstHostOf(cidr: string): string {
  return intToIp(parseCidr(cidr).base + 1);
}
