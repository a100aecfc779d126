import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { build, type ApiServer } from '../app.ts';
import { ensureSystemObjects } from '../bootstrap.ts';
import { loadKindPlugins } from '../kinds.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import type { AuditSink } from '../audit/audit-log.ts';
import { createSecurity, type Security } from './security.ts';
import { parseTokenFile } from './token-file.ts';

const tokens = parseTokenFile(
  [
    'admin-token,admin,1,"system:masters"',
    'viewer-token,viewer,2',
    'editor-token,editor,3',
    'node-a-token,system:node:node-a,4,"system:nodes"',
    'node-b-token,system:node:node-b,5,"system:nodes"',
  ].join('\n'),
);

const saPair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const saKeys = { priv: Buffer.from(saPair.privateKey.export({ type: 'pkcs8', format: 'pem' })), pub: Buffer.from(saPair.publicKey.export({ type: 'spki', format: 'pem' })) };

let server: ApiServer;
let security: Security;
let audit: Record<string, unknown>[];

function call(method: string, url: string, token?: string, body?: unknown): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: method as 'GET',
    url,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
}

const pod = (name: string, node: string, secret: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox', env: [{ name: 'S', valueFrom: { secretKeyRef: { name: secret, key: 'k' } } }] }] },
});
const secret = (name: string, data: Record<string, string>, type?: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type, data });
const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeEach(async () => {
  audit = [];
  const sink: AuditSink = { write: (ev) => void audit.push(ev as Record<string, unknown>), close: async () => {} };
  security = createSecurity({ tokenUsers: tokens, serviceAccountPublicKeys: [saKeys.pub], serviceAccountSigningKey: saKeys.priv, authorizationModes: ['Node', 'RBAC'], audit: sink, admission: { serviceAccount: true, podSecurity: { defaultLevel: 'baseline', exemptNamespaces: ['kube-system'] } } });
  const storage = security.wrapStorage(createMemoryStorage());
  server = build({ ...(await loadKindPlugins()), storage, security });
  await ensureSystemObjects(server.ctx, 6443);
  await security.bootstrap(server.ctx);
  const bind = (name: string, role: string, user: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
  });
  expect((await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'admin-token', bind('viewer', 'view', 'viewer'))).statusCode).toBe(201);
  expect((await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'admin-token', bind('editor', 'edit', 'editor'))).statusCode).toBe(201);
  // The ServiceAccount admission plugin refuses pods whose account does not exist (no controller-manager here).
  expect((await call('POST', '/api/v1/namespaces/default/serviceaccounts', 'admin-token', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })).statusCode).toBe(201);
  for (const [p, node, s] of [['pa', 'node-a', 'sa'], ['pb', 'node-b', 'sb']]) {
    expect((await call('POST', '/api/v1/namespaces/default/secrets', 'admin-token', secret(s, { k: b64('v') }))).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/namespaces/default/pods', 'admin-token', pod(p, node, s))).statusCode).toBe(201);
  }
  // The RBAC store follows bindings through the watch: wait until the viewer's grant is visible.
  await until(async () => (await call('GET', '/api/v1/namespaces/default/pods', 'viewer-token')).statusCode === 200);
});

afterEach(async () => {
  await server.app.close();
  await security.stop();
});

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('authentication', () => {
  it.each([
    ['no credentials on a resource', 'GET', '/api/v1/namespaces/default/pods', undefined, 401],
    ['no credentials on discovery', 'GET', '/api', undefined, 401],
    ['an unknown token', 'GET', '/api/v1/namespaces/default/pods', 'nope', 401],
    ['no credentials on /healthz', 'GET', '/healthz', undefined, 200],
    ['no credentials on /version', 'GET', '/version', undefined, 200],
    ['no credentials reading kube-public cluster-info', 'GET', '/api/v1/namespaces/kube-public/configmaps/cluster-info', undefined, 404],
    ['no credentials listing kube-public', 'GET', '/api/v1/namespaces/kube-public/configmaps', undefined, 401],
    ['no credentials reading a kube-system configmap', 'GET', '/api/v1/namespaces/kube-system/configmaps/x', undefined, 401],
    ['admin on anything', 'DELETE', '/api/v1/namespaces/default/secrets/sa', 'admin-token', 200],
  ])('%s', async (_name, method, url, token, code) => {
    expect((await call(method, url, token)).statusCode).toBe(code);
  });
});

describe('RBAC', () => {
  it.each([
    ['view reads pods', 'viewer-token', 'GET', '/api/v1/namespaces/default/pods', 200],
    ['view may not read secrets', 'viewer-token', 'GET', '/api/v1/namespaces/default/secrets/sa', 403],
    ['view may watch pods', 'viewer-token', 'GET', '/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1', 200],
    ['view may not watch secrets', 'viewer-token', 'GET', '/api/v1/namespaces/default/secrets?watch=1&timeoutSeconds=1', 403],
    ['view may not create', 'viewer-token', 'POST', '/api/v1/namespaces/default/configmaps', 403],
    ['edit creates', 'editor-token', 'POST', '/api/v1/namespaces/default/configmaps', 201],
    ['edit may not grant roles', 'editor-token', 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', 403],
  ])('%s', async (_name, token, method, url, code) => {
    const body = method === 'POST' ? (url.endsWith('configmaps') ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } : { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [] }) : undefined;
    const res = await call(method, url, token, body);
    expect(res.statusCode).toBe(code);
    if (code === 403) expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
  });

  it('names the user and the request in the Forbidden message', async () => {
    const res = await call('POST', '/api/v1/namespaces/default/configmaps', 'viewer-token', { metadata: { name: 'x' } });
    expect(res.json().message).toContain('User "viewer" cannot create resource "configmaps" in API group "" in the namespace "default"');
  });

  it('answers SelfSubjectReview (auth whoami) for the caller', async () => {
    const res = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', 'node-a-token', {});
    expect(res.json().status.userInfo).toEqual({ username: 'system:node:node-a', uid: '4', groups: ['system:nodes', 'system:authenticated'] });
  });

  it('answers SelfSubjectAccessReview for the caller', async () => {
    const ask = (verb: string, resource: string) => call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', 'viewer-token', { spec: { resourceAttributes: { namespace: 'default', verb, resource } } });
    expect((await ask('list', 'pods')).json().status.allowed).toBe(true);
    expect((await ask('create', 'pods')).json().status.allowed).toBe(false);
  });
});

describe('Node authorizer', () => {
  it.each([
    ['own pod', 'GET', '/api/v1/namespaces/default/pods/pa', 200],
    ["another node's pod", 'GET', '/api/v1/namespaces/default/pods/pb', 403],
    ['a secret its pod uses', 'GET', '/api/v1/namespaces/default/secrets/sa', 200],
    ["a secret of another node's pod", 'GET', '/api/v1/namespaces/default/secrets/sb', 403],
    ['all secrets', 'GET', '/api/v1/namespaces/default/secrets', 403],
    ['pods bound to it', 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a', 200],
    ['all pods', 'GET', '/api/v1/pods', 403],
    ["another node's pods", 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-b', 403],
    ['nodes', 'GET', '/api/v1/nodes', 200],
    ['all services (service env vars)', 'GET', '/api/v1/services', 200],
    ['deleting a service', 'DELETE', '/api/v1/namespaces/default/services/kubernetes', 403],
    ['deleting a namespace', 'DELETE', '/api/v1/namespaces/default', 403],
  ])('node-a reading %s', async (_name, method, url, code) => {
    expect((await call(method, url, 'node-a-token')).statusCode).toBe(code);
  });

  it('writes only its own Node and Lease', async () => {
    const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
    expect((await call('POST', '/api/v1/nodes', 'node-a-token', node('node-a'))).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/nodes', 'node-a-token', node('node-b'))).statusCode).toBe(403);
    const lease = (name: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name } });
    expect((await call('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', 'node-a-token', lease('node-a'))).statusCode).toBe(201);
    expect((await call('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-b', 'node-a-token', lease('node-b'))).statusCode).toBe(403);
  });
});

describe('bootstrap tokens', () => {
  const tokenSecret = (id: string, secretPart: string, expiration: string) =>
    secret(`bootstrap-token-${id}`, { 'token-id': b64(id), 'token-secret': b64(secretPart), 'usage-bootstrap-authentication': b64('true'), expiration: b64(expiration) }, 'bootstrap.kubernetes.io/token', 'kube-system');
  const csrList = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

  it('authenticates a valid token as system:bootstrap:<id>, refuses it once expired or revoked', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 1000).toISOString();
    await call('POST', '/api/v1/namespaces/kube-system/secrets', 'admin-token', tokenSecret('abcdef', '0123456789abcdef', future));
    await call('POST', '/api/v1/namespaces/kube-system/secrets', 'admin-token', tokenSecret('expire', '0123456789abcdef', past));
    expect((await call('GET', csrList, 'abcdef.0123456789abcdef')).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default/pods', 'abcdef.0123456789abcdef')).statusCode).toBe(403);
    expect((await call('GET', csrList, 'abcdef.0123456789abcdeX'.replace('X', 'f').replace('0123', '9999'))).statusCode).toBe(401);
    expect((await call('GET', csrList, 'expire.0123456789abcdef')).statusCode).toBe(401);
    await call('DELETE', '/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef', 'admin-token');
    expect((await call('GET', csrList, 'abcdef.0123456789abcdef')).statusCode).toBe(401);
  });
});

describe('certificate signing requests', () => {
  it('records the requester from authentication, whatever the body claims', async () => {
    const csr = { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'node-a-csr' }, spec: { request: Buffer.from('pem').toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', username: 'admin', groups: ['system:masters'] } };
    const res = await call('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', 'node-a-token', csr);
    expect(res.statusCode).toBe(201);
    expect(res.json().spec).toMatchObject({ username: 'system:node:node-a', groups: ['system:nodes', 'system:authenticated'] });
  });
});

describe('service account tokens', () => {
  it('issues a TokenRequest for an existing service account; the token authenticates until the account is deleted', async () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } };
    expect((await call('POST', '/api/v1/namespaces/default/serviceaccounts', 'admin-token', sa)).statusCode).toBe(201);
    expect((await call('POST', '/api/v1/namespaces/default/serviceaccounts/ghost/token', 'admin-token', { spec: {} })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', 'viewer-token', { spec: {} })).statusCode).toBe(403);
    // A token bound to a pod must be for the pod's own service account (pa runs as default).
    expect((await call('POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', 'admin-token', { spec: { boundObjectRef: { kind: 'Pod', name: 'pa' } } })).statusCode).toBe(400);
    const res = await call('POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', 'admin-token', { spec: {} });
    expect(res.statusCode).toBe(201);
    const token = res.json().status.token as string;
    const review = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', token, { spec: { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } } });
    expect(review.json().status.allowed).toBe(false);
    expect((await call('GET', '/api/v1/namespaces/default/pods', token)).statusCode).toBe(403);
    await call('DELETE', '/api/v1/namespaces/default/serviceaccounts/robot', 'admin-token');
    expect((await call('GET', '/api/v1/namespaces/default/pods', token)).statusCode).toBe(401);
  });
});

describe('service account tokens for kubelets', () => {
  const tokenFor = async (who: string, ref?: Record<string, string>) => call('POST', '/api/v1/namespaces/default/serviceaccounts/default/token', who, { spec: { boundObjectRef: ref } });
  const uidOf = async (name: string) => (await call('GET', `/api/v1/namespaces/default/pods/${name}`, 'admin-token')).json().metadata.uid as string;

  it.each([
    ['a token bound to its own pod', 'pa', undefined, 201, ''],
    ['a token bound to a pod on another node', 'pb', undefined, 403, 'node requested token bound to a pod scheduled on a different node'],
    ['a token bound to a stale uid', 'pa', 'stale-uid', 403, 'does not match the UID in record'],
    ['a token without a pod', '', undefined, 403, 'node requested token not bound to a pod'],
  ])('node-a asking for %s', async (_n, podName, uid, code, message) => {
    const ref = podName ? { apiVersion: 'v1', kind: 'Pod', name: podName, uid: uid ?? (await uidOf(podName)) } : undefined;
    const res = await tokenFor('node-a-token', ref);
    expect(res.statusCode).toBe(code);
    if (message) expect(res.json().message).toContain(message);
  });

  it('the bound token authenticates as the pod\'s service account until the pod is deleted', async () => {
    const res = await tokenFor('node-a-token', { apiVersion: 'v1', kind: 'Pod', name: 'pa', uid: await uidOf('pa') });
    const token = res.json().status.token as string;
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', token, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(who.json().status.userInfo).toMatchObject({ username: 'system:serviceaccount:default:default', extra: { 'authentication.kubernetes.io/pod-name': ['pa'] } });
    expect((await call('DELETE', '/api/v1/namespaces/default/pods/pa?gracePeriodSeconds=0', 'admin-token')).statusCode).toBe(200);
    expect((await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', token, {})).statusCode).toBe(401);
  });
});

describe('admission', () => {
  const privileged = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'priv' }, spec: { containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }] } };

  it('refuses a privileged pod in a baseline namespace, naming the field; allows it once the namespace is privileged', async () => {
    const res = await call('POST', '/api/v1/namespaces/default/pods', 'admin-token', privileged);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('spec.containers[0].securityContext.privileged');
    await call('PATCH', '/api/v1/namespaces/default', 'admin-token', undefined);
    const ns = (await call('GET', '/api/v1/namespaces/default', 'admin-token')).json();
    ns.metadata.labels = { ...ns.metadata.labels, 'pod-security.kubernetes.io/enforce': 'privileged' };
    expect((await call('PUT', '/api/v1/namespaces/default', 'admin-token', ns)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/namespaces/default/pods', 'admin-token', privileged)).statusCode).toBe(201);
  });

  it('defaults the service account', async () => {
    expect((await call('GET', '/api/v1/namespaces/default/pods/pa', 'admin-token')).json().spec.serviceAccountName).toBe('default');
  });
});

describe('audit', () => {
  it('logs one line per request with user, verb, object and code — never a body', async () => {
    audit.length = 0;
    await call('POST', '/api/v1/namespaces/default/secrets', 'admin-token', secret('topsecret', { password: b64('hunter2') }));
    await call('GET', '/api/v1/namespaces/default/secrets/topsecret', 'viewer-token');
    await call('GET', '/api/v1/pods');
    await until(async () => audit.length >= 3);
    expect(audit.map((e) => [(e.user as { username: string }).username, e.verb, (e.responseStatus as { code: number }).code])).toEqual([
      ['admin', 'create', 201],
      ['viewer', 'get', 403],
      ['system:anonymous', 'list', 401],
    ]);
    expect(audit[1]).toMatchObject({ objectRef: { resource: 'secrets', namespace: 'default', name: 'topsecret' } });
    expect(JSON.stringify(audit)).not.toContain(b64('hunter2'));
  });
});
