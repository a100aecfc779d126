/**
 * SummaryCache keeps each kubelet's last Summary for a short while (metrics-server's metric
 * resolution, 10 s by default) and shares one fetch among concurrent requests: `kubectl top` and
 * the HPA controller asking at once cost each kubelet one round of Docker stats calls, and nothing
 * is sampled while nobody asks.
 */
import type { Summary } from './summary.ts';

/** Fetcher fetches one kubelet's Summary. */
export type Fetcher = () => Promise<Summary>;

interface Entry {
  at: number;
  summary: Promise<Summary>;
}

export class SummaryCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(ttlMs = 10_000, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** get returns the Summary cached under key while fresh (or being fetched), else fetches it. */
  get(key: string, fetch: Fetcher): Promise<Summary> {
    const now = this.#now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.#ttlMs) return hit.summary;
    // Expired entries go too, so removed nodes do not stay behind.
    for (const [k, e] of this.#entries) if (now - e.at >= this.#ttlMs) this.#entries.delete(k);
    const entry: Entry = { at: now, summary: fetch() };
    this.#entries.set(key, entry);
    // A failure is not remembered: the next request asks the kubelet again.
    entry.summary.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.summary;
  }
}
