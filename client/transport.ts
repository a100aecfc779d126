/**
 * Transport is the one place undici is used (design §3.6): TLS and bearer-token auth, the
 * per-client QPS/burst token bucket, retries with backoff and failover across API servers.
 *
 * Retry policy (as client-go): a 429 is retried for every verb (the server did not act),
 * honouring Retry-After; 5xx and broken connections only for idempotent calls (GET, PUT with a
 * resourceVersion, DELETE), since a POST/PATCH may have been applied. A refused connection
 * (nothing was sent) is retried for every verb, on the next server URL.
 */
import { Agent, request } from './undici-lean.ts';
import type { Dispatcher } from 'undici';
import { StatusError } from '../api/errors.ts';
import { TokenBucket } from './rate-limiter.ts';
import { connectionError, statusErrorFrom } from './http-status.ts';

/** ClientConfig configures a REST client connection. */
export interface ClientConfig {
  /** servers are API server base URLs; connection failures fail over to the next. */
  servers: string[];
  /** ca, cert, key are PEM strings. */
  ca?: string;
  cert?: string;
  key?: string;
  token?: string;
  /**
   * credentials, when given, is asked before each request for the client certificate to use
   * (the kubelet's rotated one); undefined keeps cert/key. A changed pair takes effect for every
   * new request: requests under way and open watches finish on the old connections.
   */
  credentials?: () => ClientCredentials | undefined;
  insecureSkipTLSVerify?: boolean;
  userAgent?: string;
  qps?: number;
  burst?: number;
  /** timeoutMs bounds a non-watch request (headers and body); default 30 s. */
  timeoutMs?: number;
  /** maxRetries for retryable failures; default 5. */
  maxRetries?: number;
}

/** ClientCredentials are a PEM client certificate and its PEM key. */
export interface ClientCredentials {
  cert: string;
  key: string;
}

/** TransportRequest is one HTTP call. */
export interface TransportRequest {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  accept?: string;
  idempotent: boolean;
  /** streaming responses (watch, log follow) have no body timeout and are not buffered. */
  stream?: boolean;
  signal?: AbortSignal;
}

const refused = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** Transport sends requests with auth, rate limiting, retries and failover. */
export class Transport {
  readonly config: ClientConfig;
  #agent: Agent;
  #agentCredentials: Partial<ClientCredentials>;
  /** #retiring are agents of replaced credentials, closing once their requests are done. */
  readonly #retiring = new Set<Promise<void>>();
  #bucket: TokenBucket;
  #current = 0;

  constructor(config: ClientConfig) {
    if (!config.servers.length) throw new Error('client: at least one API server URL is required');
    this.config = config;
    this.#agentCredentials = { cert: config.cert, key: config.key };
    this.#agent = this.#newAgent(this.#agentCredentials);
    this.#bucket = new TokenBucket(config.qps ?? 50, config.burst ?? 100);
  }

  #newAgent(c: Partial<ClientCredentials>): Agent {
    return new Agent({
      connect: { ca: this.config.ca, cert: c.cert, key: c.key, rejectUnauthorized: !this.config.insecureSkipTLSVerify, timeout: 10_000 },
      keepAliveTimeout: 30_000,
    });
  }

  /**
   * #dispatcher is the agent for a new request: a new one when config.credentials changed (its
   * kept-alive connections carry the old certificate, and TLS sessions would resume with it).
   */
  #dispatcher(): Agent {
    const c = this.config.credentials?.();
    if (!c || (c.cert === this.#agentCredentials.cert && c.key === this.#agentCredentials.key)) return this.#agent;
    const old = this.#agent;
    this.#agent = this.#newAgent(c);
    this.#agentCredentials = { cert: c.cert, key: c.key };
    const closing: Promise<void> = old.close().catch(() => undefined).finally(() => this.#retiring.delete(closing));
    this.#retiring.add(closing);
    return this.#agent;
  }

  /** server is the base URL in use. */
  get server(): string {
    return this.config.servers[this.#current].replace(/\/+$/, '');
  }

  /** send performs a request; non-2xx responses are thrown as StatusError. */
  async send(req: TransportRequest): Promise<Dispatcher.ResponseData> {
    const max = this.config.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      await this.#bucket.wait(req.signal);
      const server = this.server;
      let res: Dispatcher.ResponseData;
      try {
        res = await this.#dispatch(server, req);
      } catch (err) {
        if (req.signal?.aborted) throw err;
        const code = (err as { code?: string }).code ?? '';
        const retry = refused.has(code) || req.idempotent;
        // Move on to the next server URL; with one URL this just retries it.
        this.#current = (this.#current + 1) % this.config.servers.length;
        if (!retry || attempt >= max) throw connectionError(server, err);
        await this.#backoff(attempt, undefined, req.signal);
        continue;
      }
      if (res.statusCode < 300) return res;
      const retryAfter = parseRetryAfter(res.headers['retry-after']);
      const retryable = res.statusCode === 429 || (res.statusCode >= 500 && req.idempotent && res.statusCode !== 501);
      const error = await errorOf(res, retryAfter);
      if (!retryable || attempt >= max) throw error;
      await this.#backoff(attempt, retryAfter, req.signal);
    }
  }

  #dispatch(server: string, req: TransportRequest): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      accept: req.accept ?? 'application/json',
      'user-agent': this.config.userAgent ?? 'skiff-client',
    };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    const timeout = this.config.timeoutMs ?? 30_000;
    return request(server + req.path, {
      dispatcher: this.#dispatcher(),
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: req.body,
      signal: req.signal,
      headersTimeout: timeout,
      // Watches and log streams may stay quiet for minutes: no body timeout on streams.
      bodyTimeout: req.stream ? 0 : timeout,
    });
  }

  async #backoff(attempt: number, retryAfterSeconds: number | undefined, signal?: AbortSignal): Promise<void> {
    const base = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(100 * 2 ** attempt, 5000);
    const jitter = retryAfterSeconds !== undefined ? 0 : Math.random() * base * 0.2;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, base + jitter);
      signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
  }

  /** close releases the connections. */
  async close(): Promise<void> {
    await Promise.all([this.#agent.close(), ...this.#retiring]);
  }
}

function parseRetryAfter(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 60) : undefined;
}

async function errorOf(res: Dispatcher.ResponseData, retryAfter: number | undefined): Promise<StatusError> {
  const text = await res.body.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text, a Status is synthesized from the code.
  }
  return statusErrorFrom(res.statusCode, body, retryAfter);
}

/** readBody decodes a response body: JSON when it parses, else text. */
export async function readBody(res: Dispatcher.ResponseData): Promise<unknown> {
  const text = await res.body.text();
  if (!text) return undefined;
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('json') || /^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
