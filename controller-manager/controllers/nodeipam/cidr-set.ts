/**
 * CidrSet hands out fixed-size subnets of an IPv4 cluster CIDR (Kubernetes' cidrset): a bitmap
 * of the /maskSize blocks, allocation scanning round-robin from the last one handed out.
 */
export class CidrSet {
  readonly #base: number;
  readonly #maskSize: number;
  readonly #count: number;
  readonly #used: Uint8Array;
  #next = 0;

  constructor(clusterCIDR: string, maskSize: number) {
    const { ip, prefix } = parseCIDR(clusterCIDR);
    if (maskSize < prefix || maskSize > 32) throw new Error(`node CIDR mask size ${maskSize} does not fit in cluster CIDR ${clusterCIDR}`);
    if (maskSize - prefix > 16) throw new Error(`cluster CIDR ${clusterCIDR} with mask ${maskSize} gives too many subnets`);
    this.#base = prefix === 0 ? 0 : (ip & (~0 << (32 - prefix))) >>> 0;
    this.#maskSize = maskSize;
    this.#count = 2 ** (maskSize - prefix);
    this.#used = new Uint8Array(this.#count);
  }

  #index(cidr: string): number | undefined {
    const { ip, prefix } = parseCIDR(cidr);
    if (prefix !== this.#maskSize) return undefined;
    const i = (ip - this.#base) / 2 ** (32 - this.#maskSize);
    return Number.isInteger(i) && i >= 0 && i < this.#count ? i : undefined;
  }

  #cidr(i: number): string {
    return `${formatIP(this.#base + i * 2 ** (32 - this.#maskSize))}/${this.#maskSize}`;
  }

  /** occupy marks a CIDR used (an existing node's); false if it is outside the cluster CIDR. */
  occupy(cidr: string): boolean {
    const i = this.#index(cidr);
    if (i === undefined) return false;
    this.#used[i] = 1;
    return true;
  }

  /** release frees a CIDR. */
  release(cidr: string): void {
    const i = this.#index(cidr);
    if (i !== undefined) this.#used[i] = 0;
  }

  /** allocateNext returns a free CIDR, or undefined when the range is exhausted. */
  allocateNext(): string | undefined {
    for (let n = 0; n < this.#count; n++) {
      const i = (this.#next + n) % this.#count;
      if (this.#used[i]) continue;
      this.#used[i] = 1;
      this.#next = (i + 1) % this.#count;
      return this.#cidr(i);
    }
    return undefined;
  }
}

/** parseCIDR parses `a.b.c.d/n` into a 32-bit number and prefix length. */
export function parseCIDR(cidr: string): { ip: number; prefix: number } {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  if (!m) throw new Error(`invalid IPv4 CIDR ${cidr}`);
  const parts = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (parts.some((p) => p > 255) || prefix > 32) throw new Error(`invalid IPv4 CIDR ${cidr}`);
  return { ip: (((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0), prefix };
}

function formatIP(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}
