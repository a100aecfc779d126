/**
 * PodIPs hands out pod IPs from the node's pod CIDR. It keeps no state of its own that could be
 * lost: the addresses in use are those of the sandboxes whose network namespace is alive (each
 * carries its IP in a label; PodNetwork reads them), read from the engine at every reservation,
 * plus the reservations not yet running. A killed kubelet therefore resumes without a leak or a
 * duplicate, and a sandbox whose namespace is gone frees its IP.
 */
import { intToIp, parseCidr } from '../../component-base/ipv4-range.ts';

/** PodIPsOptions configure PodIPs. */
export interface PodIPsOptions {
  podCIDR: string;
  /** inUse lists the IPs of the node's running sandboxes. */
  inUse(): Promise<string[]>;
}

/** PodIPs: see the file comment. */
export class PodIPs {
  readonly #o: PodIPsOptions;
  readonly #first: number;
  readonly #last: number;
  /** #reserved maps a pod UID to the IP reserved for its sandbox until it runs. */
  readonly #reserved = new Map<string, string>();
  /** #cursor is the last IP handed out: the next search starts after it, so a freed IP is not reused at once. */
  #cursor: number;
  /** #queue serializes reservations: two pods never read the same free IP. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(o: PodIPsOptions) {
    this.#o = o;
    const { base, size } = parseCidr(o.podCIDR);
    // base + 1 is the bridge's address (the pods' gateway); base + size - 1 is the broadcast.
    this.#first = base + 2;
    this.#last = base + size - 2;
    this.#cursor = this.#last;
  }

  /** reserve picks a free IP for `uid`'s new sandbox; call release once it runs (or failed). */
  reserve(uid: string): Promise<string> {
    const next = this.#queue.then(() => this.#pick(uid));
    this.#queue = next.catch(() => {});
    return next;
  }

  /** release ends `uid`'s reservation: from now on its running sandbox's label holds the IP. */
  release(uid: string): void {
    this.#reserved.delete(uid);
  }

  async #pick(uid: string): Promise<string> {
    // Reservations are read before the engine: one released meanwhile shows up there instead.
    const reserved = [...this.#reserved.values()];
    const taken = new Set([...reserved, ...(await this.#o.inUse())]);
    const size = this.#last - this.#first + 1;
    for (let i = 1; i <= size; i++) {
      const n = this.#first + ((this.#cursor - this.#first + i) % size);
      const ip = intToIp(n);
      if (taken.has(ip)) continue;
      this.#cursor = n;
      this.#reserved.set(uid, ip);
      return ip;
    }
    throw new Error(`no free IP left in pod CIDR ${this.#o.podCIDR} (${taken.size} in use)`);
  }
}
