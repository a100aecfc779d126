import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Logger } from '../../component-base/logger.ts';
import { withAdmission, type AdmissionOptions } from '../admission/admission-storage.ts';
import type { AuditSink } from '../audit/audit-log.ts';
import { withEncryption } from '../encryption/encrypted-storage.ts';
import type { EncryptionConfig } from '../encryption/config.ts';
import type { ApiContext } from '../registry/types.ts';
import { sendStatus } from '../status-reply.ts';
import { isStorageError, type Storage } from '../storage/types.ts';
import { selfSubjectAccessReview } from './access-review.ts';
import { decodeReviewBody } from './review-protobuf.ts';
import { requestAttributes, type Attributes } from './attributes.ts';
import { AuthenticationError, tokenAuthenticator, unionAuthenticator, type Authenticator, type TokenAuthenticator } from './authenticator.ts';
import { alwaysAllow, alwaysDeny, unionAuthorizer, type Authorizer } from './authorizer.ts';
import { bootstrapTokenAuthenticator } from './bootstrap-token.ts';
import { ensureBootstrapPolicy } from './ensure-policy.ts';
import { deniedError, forbiddenError, unauthorizedError } from './forbidden.ts';
import { nodeAuthorizer, type NodeGraph } from './node-authorizer.ts';
import { nodeRestriction } from './node-restriction.ts';
import { rbacAuthorizer } from './rbac-authorizer.ts';
import { createRbacStore, type RbacStore } from './rbac-store.ts';
import { serviceAccountTokenAuthenticator, DEFAULT_ISSUER } from './service-account-token.ts';
import { staticTokenAuthenticator } from './token-file.ts';
import { decodeTokenRequest, issueToken } from './token-request.ts';
import type { UserInfo } from './user.ts';
import { x509Authenticator } from './x509.ts';

/** SecurityOptions are the API server's security flags, already loaded from their files. */
export interface SecurityOptions {
  /** clientCertAuth: certificates verified against --client-ca-file authenticate (the TLS layer verifies). */
  clientCertAuth?: boolean;
  tokenUsers?: Map<string, UserInfo>;
  serviceAccountPublicKeys?: Buffer[];
  /** serviceAccountSigningKey serves the serviceaccounts/token subresource (TokenRequest). */
  serviceAccountSigningKey?: Buffer;
  apiAudiences?: string[];
  /** authorizationModes, e.g. ['Node', 'RBAC']; default ['AlwaysAllow']. */
  authorizationModes?: string[];
  /** anonymousAuth lets credential-less requests reach /healthz, /livez, /readyz, /version (default true). */
  anonymousAuth?: boolean;
  encryption?: EncryptionConfig;
  audit?: AuditSink;
  admission?: AdmissionOptions;
}

/** Security is the API server's authn/authz/audit/admission/encryption layer with its narrow seams. */
export interface Security {
  /** wrapStorage adds encryption at rest (innermost) and storage-level admission. */
  wrapStorage(storage: Storage): Storage;
  /** install registers the request hook (authn, authz, audit) and the access review endpoint on the app. */
  install(app: FastifyInstance, ctx: ApiContext): void;
  /** bootstrap creates the built-in RBAC roles and bindings (idempotent) and waits for the RBAC cache. */
  bootstrap(ctx: ApiContext): Promise<void>;
  /** userOf returns the authenticated user of a request (after the hook ran). */
  userOf(req: FastifyRequest): UserInfo | undefined;
  stop(): Promise<void>;
}

/** PUBLIC_PATHS are the only paths a request without credentials may reach. */
export const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

/**
 * isPublicInfo: reading a ConfigMap in kube-public, the namespace Kubernetes documents as readable
 * by everyone, unauthenticated included. Joining hosts read cluster-info there (the CA and the
 * token signatures, kubeadm's discovery) before they hold any credential.
 */
export function isPublicInfo(a: Attributes): boolean {
  return a.resourceRequest && a.verb === 'get' && a.apiGroup === '' && a.resource === 'configmaps' && a.namespace === 'kube-public' && a.subresource === '';
}

const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const WHOAMI_PATH = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

function storageGraph(ctx: ApiContext): NodeGraph {
  const get = async <T extends KubeObject>(key: string): Promise<T | undefined> => {
    try {
      return await ctx.storage.get<T>(key);
    } catch (err) {
      if (isStorageError(err, 'NotFound')) return undefined;
      throw err;
    }
  };
  return {
    getPod: (ns, name) => get(`/registry/pods/${ns}/${name}`),
    podsOnNode: async (node, ns) =>
      (await ctx.storage.list(ns ? `/registry/pods/${ns}/` : '/registry/pods/', { predicate: (p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === node })).items,
    pvcVolumeName: async (ns, name) => (await get<KubeObject & { spec?: { volumeName?: string } }>(`/registry/persistentvolumeclaims/${ns}/${name}`))?.spec?.volumeName,
  };
}

function tokenChain(opts: SecurityOptions, ctx: ApiContext): TokenAuthenticator[] {
  const chain: TokenAuthenticator[] = [];
  if (opts.tokenUsers) chain.push(staticTokenAuthenticator(opts.tokenUsers));
  const get = async (resource: string, ns: string, name: string) => {
    try {
      return await ctx.storage.get(`/registry/${resource}/${ns}/${name}`);
    } catch (err) {
      if (isStorageError(err, 'NotFound')) return undefined;
      throw err;
    }
  };
  chain.push(bootstrapTokenAuthenticator((ns, name) => get('secrets', ns, name)));
  if (opts.serviceAccountPublicKeys?.length) {
    const serviceAccount = async (ns: string, name: string, uid: string) => {
      const sa = await get('serviceaccounts', ns, name);
      return !!sa && (!uid || sa.metadata.uid === uid);
    };
    const pod = async (ns: string, name: string) => (await get('pods', ns, name))?.metadata.uid;
    chain.push(serviceAccountTokenAuthenticator(opts.serviceAccountPublicKeys, opts.apiAudiences ?? [DEFAULT_ISSUER], { serviceAccount, pod }));
  }
  return chain;
}

function buildAuthorizer(modes: string[], ctx: ApiContext, rbac: () => RbacStore): Authorizer {
  const chain = modes.map((m): Authorizer => {
    if (m === 'AlwaysAllow') return alwaysAllow;
    if (m === 'AlwaysDeny') return alwaysDeny;
    if (m === 'Node') return nodeAuthorizer(storageGraph(ctx));
    if (m === 'RBAC') return rbacAuthorizer(rbac());
    throw new Error(`unknown authorization mode ${m} (AlwaysAllow, AlwaysDeny, Node, RBAC)`);
  });
  return unionAuthorizer(chain);
}

/** securityEnabled tells whether any option turns request authentication on. */
export function securityEnabled(opts: SecurityOptions): boolean {
  const modes = opts.authorizationModes ?? ['AlwaysAllow'];
  return !!(opts.clientCertAuth || opts.tokenUsers || opts.serviceAccountPublicKeys?.length || modes.some((m) => m !== 'AlwaysAllow'));
}

/**
 * createSecurity builds the security layer. With no options it changes nothing (plain HTTP,
 * AlwaysAllow, as local development and the tests use); each option turns its part on.
 */
export function createSecurity(opts: SecurityOptions, log?: Logger): Security {
  const enabled = securityEnabled(opts);
  const users = new WeakMap<FastifyRequest, UserInfo>();
  let store: RbacStore | undefined;
  let authorize: Authorizer = alwaysAllow;
  const modes = opts.authorizationModes ?? ['AlwaysAllow'];
  return {
    wrapStorage(storage) {
      let s = opts.encryption ? withEncryption(storage, opts.encryption) : storage;
      if (opts.admission) s = withAdmission(s, opts.admission);
      return s;
    },
    install(app, ctx) {
      const authenticate = unionAuthenticator([...(opts.clientCertAuth ? [x509Authenticator()] : []), tokenAuthenticator(tokenChain(opts, ctx))] as Authenticator[]);
      authorize = buildAuthorizer(modes, ctx, () => (store ??= createRbacStore(ctx.storage, ctx.watchSource, log)));
      // Off (no flags): no per-request work at all.
      if (enabled || opts.audit) app.addHook('onRequest', async (req, reply) => {
        const started = process.hrtime.bigint();
        const attrs = requestAttributes(req.method, req.raw.url ?? req.url);
        if (opts.audit) auditOnClose(opts.audit, req, reply, attrs, started, () => users.get(req));
        if (!enabled) return;
        return guard(req, reply, attrs);
      });
      if (enabled) {
        // NodeRestriction needs the body, which onRequest has not read yet.
        app.addHook('preHandler', async (req, reply) => {
          const user = users.get(req);
          if (!user || !Buffer.isBuffer(req.body)) return;
          const attrs = requestAttributes(req.method, req.raw.url ?? req.url);
          let body: unknown;
          try {
            body = JSON.parse(req.body.toString('utf8'));
          } catch {
            return; // not JSON (YAML apply, protobuf): the handler reports it
          }
          const refused = nodeRestriction(user, attrs, body);
          if (refused) return sendStatus(reply, refused);
          // A CSR records who asked for it (the signer and approver trust only this, never the body).
          if (attrs.verb === 'create' && attrs.apiGroup === 'certificates.k8s.io' && attrs.resource === 'certificatesigningrequests' && body && typeof body === 'object') {
            const csr = body as { spec?: Record<string, unknown> };
            csr.spec = { ...csr.spec, username: user.name, uid: user.uid, groups: user.groups, extra: user.extra };
            req.body = Buffer.from(JSON.stringify(csr));
          }
        });
      }
      const signingKey = opts.serviceAccountSigningKey;
      if (signingKey) {
        // A parametric route wins over the REST layer's /api/* wildcard.
        app.post('/api/v1/namespaces/:namespace/serviceaccounts/:name/token', async (req, reply) => {
          const { namespace, name } = req.params as { namespace: string; name: string };
          const issued = await issueToken(ctx, signingKey, opts.apiAudiences ?? [DEFAULT_ISSUER], namespace, name, decodeTokenRequest(req.body), users.get(req));
          return reply.code(201).type('application/json').send(issued);
        });
      }
      // `kubectl auth whoami`: who the server thinks the caller is.
      app.post(WHOAMI_PATH, async (req, reply) => {
        const u = users.get(req) ?? { name: 'system:anonymous', groups: [] };
        const userInfo = { username: u.name, ...(u.uid ? { uid: u.uid } : {}), groups: u.groups, ...(u.extra ? { extra: u.extra } : {}) };
        return reply.code(201).type('application/json').send({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null }, status: { userInfo } });
      });
      app.post(SSAR_PATH, async (req, reply) => {
        const user = users.get(req) ?? { name: 'system:anonymous', groups: [] };
        const body = decodeReviewBody(req.body);
        return reply.code(201).type('application/json').send(await selfSubjectAccessReview(authorize, user, body));
      });

      async function guard(req: FastifyRequest, reply: FastifyReply, attrs: Attributes) {
        let result;
        try {
          result = await authenticate({ headers: req.headers, socket: req.raw.socket });
        } catch (err) {
          if (err instanceof AuthenticationError) {
            log?.debug({ reason: err.message }, 'authentication failed');
            return sendStatus(reply, unauthorizedError());
          }
          throw err;
        }
        users.set(req, result.user);
        if (result.anonymous) {
          if (opts.anonymousAuth !== false && (PUBLIC_PATHS.has(attrs.path) || isPublicInfo(attrs))) return;
          return sendStatus(reply, unauthorizedError());
        }
        if (req.method === 'POST' && (attrs.path === SSAR_PATH || attrs.path === WHOAMI_PATH)) return; // every authenticated user may ask about themselves
        const d = await authorize(result.user, attrs);
        if (d.decision !== 'allow') return sendStatus(reply, deniedError(result.user, attrs, d));
        const connect = connectCreateAttributes(attrs);
        if (connect) {
          const c = await authorize(result.user, connect);
          if (c.decision !== 'allow') return sendStatus(reply, forbiddenError(result.user, connect, c.reason));
        }
      }
    },
    async bootstrap(ctx) {
      if (!modes.includes('RBAC')) return;
      await ensureBootstrapPolicy(ctx, log);
      await store?.synced();
    },
    userOf: (req) => users.get(req),
    async stop() {
      store?.stop();
      await opts.audit?.close();
    },
  };
}

/**
 * connectCreateAttributes: a GET (WebSocket) of pods/exec, pods/attach or pods/portforward also
 * needs `create` on that subresource, as kube-apiserver checks since 1.31
 * (AuthorizePodWebsocketUpgradeCreatePermission) — a read-only `get` role must not open a shell
 * or a tunnel. POST is `create` already.
 */
export function connectCreateAttributes(a: Attributes): Attributes | undefined {
  if (!a.resourceRequest || a.verb !== 'get' || a.apiGroup !== '' || a.resource !== 'pods') return undefined;
  return ['exec', 'attach', 'portforward'].includes(a.subresource) ? { ...a, verb: 'create' } : undefined;
}

function auditOnClose(sink: AuditSink, req: FastifyRequest, reply: FastifyReply, a: Attributes, started: bigint, user: () => UserInfo | undefined): void {
  const received = new Date();
  reply.raw.once('close', () => {
    const u = user();
    sink.write({
      requestURI: req.raw.url ?? req.url,
      verb: a.verb,
      user: { username: u?.name ?? 'system:anonymous', uid: u?.uid, groups: u?.groups ?? [] },
      sourceIPs: [req.ip],
      userAgent: req.headers['user-agent'],
      objectRef: a.resourceRequest ? { resource: a.resource, namespace: a.namespace || undefined, name: a.name || undefined, apiGroup: a.apiGroup || undefined, apiVersion: a.apiVersion, subresource: a.subresource || undefined } : undefined,
      responseStatus: { code: reply.raw.statusCode },
      requestReceivedTimestamp: received.toISOString(),
      stageTimestamp: new Date().toISOString(),
      latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
    });
  });
}

