/**
 * Backend is one ready endpoint a service port forwards to.
 */
export interface Backend {
  ip: string;
  port: number;
  /** nodeName of the endpoint's pod, for externalTrafficPolicy Local. */
  nodeName?: string;
}

/** AffinityOptions configure sessionAffinity ClientIP; timeoutMs 0 means no affinity. */
export interface AffinityOptions {
  timeoutMs: number;
  now?: () => number;
}

/** backendKey is the identity of a backend, `ip:port`. */
export function backendKey(b: Backend): string {
  return `${b.ip}:${b.port}`;
}

/**
 * Balancer picks backends for new connections of one service port: round-robin over ready
 * backends, sticky per client IP when ClientIP affinity is on. `candidates` returns the order
 * in which to try backends for one connection, so a failed connect moves on to the next one.
 */
export class Balancer {
  #backends: Backend[] = [];
  #keys = new Set<string>();
  #next = 0;
  #affinity: AffinityOptions;
  #sticky = new Map<string, { key: string; lastUsed: number }>();

  constructor(affinity: AffinityOptions = { timeoutMs: 0 }) {
    this.#affinity = affinity;
  }

  /** setBackends replaces the ready backends; affinity to a removed backend is dropped. */
  setBackends(backends: Backend[]): void {
    this.#backends = [...backends].sort((a, b) => backendKey(a).localeCompare(backendKey(b)));
    this.#keys = new Set(this.#backends.map(backendKey));
    for (const [client, entry] of this.#sticky) if (!this.#keys.has(entry.key)) this.#sticky.delete(client);
    if (this.#next >= this.#backends.length) this.#next = 0;
  }

  /** setAffinity changes the session affinity settings. */
  setAffinity(affinity: AffinityOptions): void {
    this.#affinity = affinity;
    if (affinity.timeoutMs === 0) this.#sticky.clear();
  }

  /** backends returns the current ready backends. */
  backends(): readonly Backend[] {
    return this.#backends;
  }

  /** has tells whether the backend with this key (`ip:port`, backendKey) is ready now. */
  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /** candidates returns every backend in the order one connection should try them. */
  candidates(clientIp: string): Backend[] {
    const n = this.#backends.length;
    if (n === 0) return [];
    const start = this.#stickyIndex(clientIp) ?? this.#advance();
    return Array.from({ length: n }, (_, i) => this.#backends[(start + i) % n]);
  }

  /** connected records which backend served clientIp, for ClientIP affinity. */
  connected(clientIp: string, backend: Backend): void {
    if (this.#affinity.timeoutMs > 0) this.#sticky.set(clientIp, { key: backendKey(backend), lastUsed: this.#now() });
  }

  #advance(): number {
    const index = this.#next % this.#backends.length;
    this.#next = (index + 1) % this.#backends.length;
    return index;
  }

  #stickyIndex(clientIp: string): number | undefined {
    if (this.#affinity.timeoutMs <= 0) return undefined;
    const entry = this.#sticky.get(clientIp);
    if (!entry) return undefined;
    if (this.#now() - entry.lastUsed > this.#affinity.timeoutMs) {
      this.#sticky.delete(clientIp);
      return undefined;
    }
    const index = this.#backends.findIndex((b) => backendKey(b) === entry.key);
    return index >= 0 ? index : undefined;
  }

  #now(): number {
    return (this.#affinity.now ?? Date.now)();
  }
}
