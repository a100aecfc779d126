/**
 * The kubelet's service account token manager (Kubernetes' pkg/kubelet/token): tokens for
 * projected `serviceAccountToken` volume sources come from the TokenRequest API
 * (`POST …/serviceaccounts/<sa>/token`, bound to the pod by name and uid), are cached per
 * (pod uid, service account, audiences, expiration), and are refreshed once 80 % of their
 * lifetime — or 24 h — has passed (minus a small jitter, so many pods do not refresh at once).
 * Every file a token was written to is rewritten on refresh by one timer armed for the next
 * refresh due: no polling. A failed refresh keeps the old token while it is still valid and is
 * retried shortly after.
 */
import type { Clock } from '../client/clock.ts';
import type { Logger } from '../component-base/logger.ts';
import type { Pod } from './api-types.ts';

/** TokenRequest is the authentication.k8s.io/v1 TokenRequest the kubelet sends and reads. */
export interface TokenRequest {
  apiVersion: 'authentication.k8s.io/v1';
  kind: 'TokenRequest';
  spec: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { apiVersion: string; kind: string; name: string; uid: string } };
  status?: { token: string; expirationTimestamp: string };
}

/** RequestToken posts a TokenRequest for a service account (the real one: token-manager-client.ts). */
export type RequestToken = (namespace: string, serviceAccount: string, req: TokenRequest) => Promise<TokenRequest>;

/** TokenProjection is a projected volume's serviceAccountToken source. */
export interface TokenProjection {
  audience?: string;
  expirationSeconds?: number;
  path: string;
}

/** WriteToken puts a token where a container reads it (atomically). */
export type WriteToken = (token: string) => Promise<void>;

/** TokenManagerOptions wire a TokenManager; maxTTLMs, maxJitterMs, retryMs and random are for tests. */
export interface TokenManagerOptions {
  request: RequestToken;
  clock: Clock;
  log: Logger;
  maxTTLMs?: number;
  maxJitterMs?: number;
  retryMs?: number;
  random?: () => number;
}

interface Entry {
  namespace: string;
  serviceAccount: string;
  podUid: string;
  req: TokenRequest;
  token: string;
  issuedAt: number;
  expiresAt: number;
  jitterMs: number;
  /** retryAt delays the next attempt after a failed refresh. */
  retryAt?: number;
  writers: Map<string, WriteToken>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** TokenManager: see the file comment. */
export class TokenManager {
  readonly #o: Required<TokenManagerOptions>;
  readonly #cache = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Entry>>();
  #timer: unknown;
  #stopped = false;
  #refreshing: Promise<void> = Promise.resolve();

  constructor(o: TokenManagerOptions) {
    this.#o = { maxTTLMs: DAY_MS, maxJitterMs: 10_000, retryMs: 10_000, random: Math.random, ...o };
  }

  /**
   * projectToken gets the pod's token for a projection, writes it with write, and keeps
   * rewriting it on refresh. fileId names the file: a second call for a file already kept only
   * replaces the writer, so calling it on every pod sync costs no write.
   */
  async projectToken(pod: Pod, projection: TokenProjection, fileId: string, write: WriteToken): Promise<void> {
    const namespace = pod.metadata.namespace ?? 'default';
    const serviceAccount = pod.spec?.serviceAccountName || 'default';
    const req: TokenRequest = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        ...(projection.audience ? { audiences: [projection.audience] } : {}),
        expirationSeconds: projection.expirationSeconds ?? 3600,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
      },
    };
    const entry = await this.#get(namespace, serviceAccount, req);
    // A file this manager already keeps holds the current token (resyncs call this again).
    if (!entry.writers.has(fileId)) await write(entry.token);
    entry.writers.set(fileId, write);
    this.#arm();
  }

  /** forgetPod drops the tokens (and files to refresh) of a pod that is gone from this node. */
  forgetPod(uid: string): void {
    for (const [k, e] of this.#cache) if (e.podUid === uid) this.#cache.delete(k);
    this.#arm();
  }

  /** refreshAt is when a token needs a new one: 80 % of its lifetime, or 24 h, less its jitter. */
  refreshAt(e: Pick<Entry, 'issuedAt' | 'expiresAt' | 'jitterMs'>): number {
    return Math.min(e.issuedAt + this.#o.maxTTLMs, e.expiresAt - (e.expiresAt - e.issuedAt) * 0.2) - e.jitterMs;
  }

  /** tokens lists the cached tokens (for tests and debugging). */
  tokens(): { podUid: string; serviceAccount: string; token: string; refreshAt: number; files: number }[] {
    return [...this.#cache.values()].map((e) => ({ podUid: e.podUid, serviceAccount: e.serviceAccount, token: e.token, refreshAt: this.refreshAt(e), files: e.writers.size }));
  }

  /** settled resolves when a refresh that a timer started has finished (tests on a fake clock). */
  settled(): Promise<void> {
    return this.#refreshing;
  }

  /** stop cancels the refresh timer; tokens already written stay until they expire. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #key(ns: string, sa: string, req: TokenRequest): string {
    return JSON.stringify([req.spec.boundObjectRef?.uid, ns, sa, req.spec.audiences ?? [], req.spec.expirationSeconds]);
  }

  async #get(namespace: string, serviceAccount: string, req: TokenRequest): Promise<Entry> {
    const key = this.#key(namespace, serviceAccount, req);
    const cached = this.#cache.get(key);
    if (cached && this.#o.clock.now() < this.refreshAt(cached)) return cached;
    let p = this.#inflight.get(key);
    if (!p) {
      p = this.#fetch(key, namespace, serviceAccount, req, cached).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    return p;
  }

  async #fetch(key: string, namespace: string, serviceAccount: string, req: TokenRequest, old: Entry | undefined): Promise<Entry> {
    let res: TokenRequest;
    try {
      res = await this.#o.request(namespace, serviceAccount, req);
    } catch (err) {
      // The old token still works until it expires: keep serving it and try again soon.
      if (old && this.#o.clock.now() < old.expiresAt) {
        this.#o.log.warn({ err, namespace, serviceAccount, pod: req.spec.boundObjectRef?.name }, 'service account token refresh failed; keeping the current token');
        old.retryAt = this.#o.clock.now() + this.#o.retryMs;
        return old;
      }
      throw err;
    }
    const token = res.status?.token;
    const expiresAt = Date.parse(res.status?.expirationTimestamp ?? '');
    if (!token || Number.isNaN(expiresAt)) throw new Error(`the TokenRequest for ${namespace}/${serviceAccount} returned no token`);
    const seconds = res.spec?.expirationSeconds ?? req.spec.expirationSeconds ?? 3600;
    const entry: Entry = {
      namespace, serviceAccount, podUid: req.spec.boundObjectRef?.uid ?? '', req, token, expiresAt,
      issuedAt: expiresAt - seconds * 1000,
      jitterMs: Math.floor(this.#o.random() * this.#o.maxJitterMs),
      writers: old?.writers ?? new Map(),
    };
    // A pod forgotten while its request was under way stays forgotten.
    if (!old || this.#cache.get(key) === old) this.#cache.set(key, entry);
    return entry;
  }

  #nextDue(e: Entry): number {
    return Math.max(this.refreshAt(e), e.retryAt ?? 0);
  }

  /** #arm sets the one timer for the earliest refresh due among tokens written to files. */
  #arm(): void {
    if (this.#stopped) return;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    const due = [...this.#cache.values()].filter((e) => e.writers.size > 0).map((e) => this.#nextDue(e));
    if (due.length === 0) return;
    const delay = Math.max(1000, Math.min(...due) - this.#o.clock.now());
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#refreshing = this.#refreshDue().finally(() => this.#arm());
    }, delay);
  }

  async #refreshDue(): Promise<void> {
    const now = this.#o.clock.now();
    for (const [key, e] of [...this.#cache]) {
      if (e.writers.size === 0) {
        if (now >= e.expiresAt) this.#cache.delete(key);
        continue;
      }
      if (now < this.#nextDue(e)) continue;
      const fresh = await this.#get(e.namespace, e.serviceAccount, e.req).catch((err: unknown) => {
        this.#o.log.warn({ err, namespace: e.namespace, serviceAccount: e.serviceAccount }, 'service account token refresh failed');
        e.retryAt = this.#o.clock.now() + this.#o.retryMs;
        return undefined;
      });
      if (fresh && fresh.token !== e.token) await this.#writeAll(fresh);
    }
  }

  async #writeAll(e: Entry): Promise<void> {
    for (const [id, write] of [...e.writers]) {
      try {
        await write(e.token);
      } catch (err) {
        // The volume is gone (pod cleaned up): nothing left to refresh there.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') e.writers.delete(id);
        else this.#o.log.warn({ err, file: id }, 'could not write the refreshed service account token');
      }
    }
  }
}
