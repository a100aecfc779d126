import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { newNotFound, newStatus, newTooManyRequests, StatusError } from '../api/errors.ts';
import { allResources } from '../api/resources.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { silentLogger, type Logger } from '../component-base/logger.ts';
import { createServiceAllocators } from './allocators/service-allocators.ts';
import { discoveryDocument, versionInfo } from './discovery.ts';
import type { RestEnv, SubresourceHandler } from './handlers/env.ts';
import { handleResource, isWatchRequest } from './handlers/resource.ts';
import { defaultTable, type TableConverter } from './handlers/table.ts';
import type { WatchConfig } from './handlers/watch-stream.ts';
import { createApiMetrics, verbOf, type ApiMetrics } from './metrics.ts';
import { registerOpenApi } from './openapi/routes.ts';
import { genericDefinition, type DefinitionLookup } from './registry/definitions.ts';
import { fallbackPatchers, type Patchers } from './registry/patch.ts';
import { noSchemaCheck, type SchemaChecker } from './registry/schema-check.ts';
import { strategyFor } from './registry/strategies.ts';
import type { ApiContext, Scope, ServerConfig, WatchSource } from './registry/types.ts';
import { parseApiPath, splitUrl, type ResourcePath } from './request-path.ts';
import { sendStatus } from './status-reply.ts';
import type { Storage } from './storage/types.ts';
import { defaultSubresources } from './subresources/index.ts';
import { dialerFor, type KubeletClientTls } from './kubelet-proxy/dialer.ts';
import { metricsApiGroup } from './metrics-api/discovery.ts';
import { registerMetricsApi } from './metrics-api/routes.ts';
import type { Security } from './auth/security.ts';

/** MAX_BODY_BYTES is the request body limit (3 MiB, as kube-apiserver). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** BuildOptions configure an API server instance; only storage is required. */
export interface BuildOptions extends Partial<ServerConfig> {
  storage: Storage;
  logger?: Logger;
  /** watchSource serves watches (the watch cache); defaults to the storage's own watch. */
  watchSource?: WatchSource;
  maxRequestsInflight?: number;
  definitions?: DefinitionLookup;
  checkSchema?: SchemaChecker;
  patchers?: Patchers;
  toTable?: TableConverter;
  watch?: Partial<WatchConfig>;
  subresources?: Map<string, SubresourceHandler>;
  /** kubeletClient is the client certificate (and kubelet CA) for reaching kubelets over HTTPS. */
  kubeletClient?: KubeletClientTls;
  resources?: ResourceInfo[];
  metrics?: ApiMetrics;
  /** cachedList serves resourceVersion=0 lists from a watch cache (see ApiContext). */
  cachedList?: ApiContext['cachedList'];
  /** cachedNamespace looks a namespace up in a watch cache (see ApiContext). */
  cachedNamespace?: (name: string) => KubeObject | undefined;
  /** notReadyReason returns why the server is not ready yet (e.g. bootstrap pending), or '' when it is. */
  notReadyReason?: () => string;
  /** https serves TLS with these options (key, cert, optional client CA). */
  https?: { key: Buffer; cert: Buffer; ca?: Buffer };
  /** security installs authentication, authorization and audit (apiserver/auth); absent = AlwaysAllow, no audit. */
  security?: Security;
}

/** ApiServer is a built (not yet listening) API server. */
export interface ApiServer {
  app: FastifyInstance;
  ctx: ApiContext;
  metrics: ApiMetrics;
}

function buildContext(opts: BuildOptions, logger: Logger): ApiContext {
  const config: ServerConfig = {
    serviceClusterIPRange: opts.serviceClusterIPRange ?? '10.96.0.0/12',
    serviceNodePortRange: opts.serviceNodePortRange ?? '30000-32767',
    defaultNotReadyTolerationSeconds: opts.defaultNotReadyTolerationSeconds ?? 300,
    defaultUnreachableTolerationSeconds: opts.defaultUnreachableTolerationSeconds ?? 300,
  };
  const lookup = opts.definitions ?? (() => undefined);
  const scopes = new Map<string, Scope>();
  for (const info of opts.resources ?? allResources()) {
    const def = lookup(info) ?? genericDefinition(info);
    scopes.set(`${info.group}/${info.resource}`, { info, def, strategy: strategyFor(info.resource), gr: { group: info.group, resource: info.resource } });
  }
  return {
    storage: opts.storage,
    watchSource: opts.watchSource ?? opts.storage,
    config,
    logger,
    checkSchema: opts.checkSchema ?? noSchemaCheck,
    allocators: createServiceAllocators(opts.storage, config.serviceClusterIPRange, config.serviceNodePortRange),
    cachedNamespace: opts.cachedNamespace,
    cachedList: opts.cachedList,
    scopeFor: (group, resource) => scopes.get(`${group}/${resource}`),
    scopes: () => [...scopes.values()],
  };
}

/**
 * build creates the API server's fastify app (without listening, so route tests use inject):
 * discovery, OpenAPI, the generic REST handlers of every resource, health and metrics, with every
 * error — fastify's own included — answered as a Kubernetes Status.
 */
export function build(opts: BuildOptions): ApiServer {
  const logger = opts.logger ?? silentLogger();
  const ctx = buildContext(opts, logger);
  const metrics = opts.metrics ?? createApiMetrics();
  const env: RestEnv = {
    ctx,
    patchers: opts.patchers ?? fallbackPatchers,
    toTable: opts.toTable ?? defaultTable,
    watch: { bookmarkIntervalMs: 10_000, defaultTimeoutSeconds: 1800, ...opts.watch },
    subresources: opts.subresources ?? defaultSubresources({ kubeletClient: opts.kubeletClient }),
  };
  const base = {
    bodyLimit: MAX_BODY_BYTES,
    routerOptions: { ignoreTrailingSlash: true },
    // Malformed URLs and content types fail inside fastify before any route: answer them as Status too.
    frameworkErrors: (err: Error, _req: FastifyRequest, reply: FastifyReply) => {
      sendStatus(reply, Object.assign(err, { statusCode: (err as { statusCode?: number }).statusCode ?? 400 }));
    },
    clientErrorHandler: rawClientError,
  };
  // One instance type for both: the https options only change how the server socket is made.
  // With a client CA, ask for client certificates but do not require one: tokens and anonymous /healthz still work.
  const https = opts.https?.ca ? { ...opts.https, requestCert: true, rejectUnauthorized: false } : opts.https;
  const app = (https ? Fastify({ ...base, https }) : Fastify(base)) as unknown as FastifyInstance;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err, _req, reply) => {
    if ((err as { statusCode?: number }).statusCode === undefined || (err as { statusCode: number }).statusCode >= 500) {
      if (!(err instanceof StatusError)) logger.error({ err }, 'request failed');
    }
    return sendStatus(reply, err);
  });
  app.setNotFoundHandler((req, reply) =>
    sendStatus(reply, new StatusError(newStatus(404, 'NotFound', `the server could not find the requested resource (${req.method} ${splitUrl(req.url).path})`))),
  );
  opts.security?.install(app, ctx);
  installLimits(app, opts.maxRequestsInflight ?? 400, metrics);
  registerHealth(app, ctx, metrics, opts.notReadyReason ?? (() => ''));
  registerOpenApi(app, ctx);
  registerMetricsApi(app, ctx, { dialer: dialerFor(opts.kubeletClient), logger: logger.child({ component: 'metrics-api' }) });
  const serveApi = async (req: FastifyRequest, reply: FastifyReply) => {
    const { path, query } = splitUrl(req.raw.url ?? req.url);
    const parsed = parseApiPath(path);
    if ('discovery' in parsed) {
      if (req.method !== 'GET') throw new StatusError(newStatus(405, 'MethodNotAllowed', `${req.method} is not supported on ${path}`));
      return reply.type('application/json').send(discoveryDocument(ctx.scopes().map((s) => s.info), parsed, [metricsApiGroup]));
    }
    labels.set(req, { resource: (parsed as ResourcePath).resource, verb: verbOf(req.method, !!parsed.name, query.get('watch') === 'true' || query.get('watch') === '1') });
    return handleResource(env, req, reply, parsed, query);
  };
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
  for (const url of ['/api', '/api/*', '/apis', '/apis/*']) app.route({ method: [...methods], url, handler: serveApi });
  return { app, ctx, metrics };
}

/** rawClientError answers an unparsable HTTP request (before fastify sees it) with a Status, then closes. */
function rawClientError(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(newStatus(400, 'BadRequest', `malformed HTTP request: ${err.code ?? err.message}`));
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

const labels = new WeakMap<FastifyRequest, { resource: string; verb: string }>();

function installLimits(app: FastifyInstance, maxInflight: number, metrics: ApiMetrics): void {
  let inflight = 0;
  app.addHook('onRequest', async (req, reply) => {
    const started = process.hrtime.bigint();
    const { query } = splitUrl(req.url);
    const watch = isWatchRequest(req.method, query);
    reply.raw.once('close', () => {
      const l = labels.get(req);
      const code = String(reply.raw.statusCode);
      metrics.requests.inc({ verb: l?.verb ?? req.method, resource: l?.resource ?? '', code });
      if (!watch) metrics.duration.observe({ verb: l?.verb ?? req.method, resource: l?.resource ?? '' }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    if (watch || maxInflight <= 0) return;
    if (inflight >= maxInflight) {
      metrics.inflight.inc({ kind: 'readOnlyOrMutating' });
      return sendStatus(reply, newTooManyRequests('Too many requests, please try again later.', 1));
    }
    inflight++;
    reply.raw.once('close', () => inflight--);
  });
}

function registerHealth(app: FastifyInstance, ctx: ApiContext, metrics: ApiMetrics, notReadyReason: () => string): void {
  app.get('/version', async () => versionInfo);
  const ok = async (_req: FastifyRequest, reply: FastifyReply) => reply.type('text/plain').send('ok');
  app.get('/healthz', ok);
  app.get('/livez', ok);
  app.get('/readyz', async (_req, reply) => {
    const pending = notReadyReason();
    if (pending) return reply.code(503).type('text/plain').send(`[-]${pending}\nreadyz check failed`);
    const healthy = await Promise.race([ctx.storage.healthy().catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]);
    if (healthy) return reply.type('text/plain').send('ok');
    return reply.code(503).type('text/plain').send('[-]etcd failed: storage is not reachable\nreadyz check failed');
  });
  app.get('/metrics', async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get('/openapi/v2', async () => {
    throw newNotFound({ group: '', resource: 'openapi' }, 'v2');
  });
}
