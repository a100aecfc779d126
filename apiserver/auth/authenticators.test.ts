import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from './authenticator.ts';
import { serviceAccountTokenAuthenticator, signServiceAccountToken } from './service-account-token.ts';
import { hashToken, parseTokenFile, staticTokenAuthenticator } from './token-file.ts';
import { ruleAllows } from './rbac-rules.ts';
import { requestAttributes } from './attributes.ts';

describe('static token file', () => {
  const users = parseTokenFile(`# comment\nplain-token,alice,1,"devs,ops"\n${hashToken('hashed-token')},bob,2\n`);
  it.each([
    ['a plain token', 'plain-token', { name: 'alice', uid: '1', groups: ['devs', 'ops'] }],
    ['a token stored hashed', 'hashed-token', { name: 'bob', uid: '2', groups: [] }],
    ['an unknown token', 'other', undefined],
  ])('%s', (_n, token, want) => {
    expect(staticTokenAuthenticator(users)(token)).toEqual(want);
  });
});

describe('service account tokens', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = (k: { privateKey: import('node:crypto').KeyObject; publicKey: import('node:crypto').KeyObject }) => ({ priv: k.privateKey.export({ type: 'pkcs8', format: 'pem' }), pub: k.publicKey.export({ type: 'spki', format: 'pem' }) });
  const spec = { namespace: 'ns', name: 'sa', uid: 'u1', audiences: ['api'], expirationSeconds: 600 };

  it.each([
    ['RS256', pem(rsa)],
    ['ES256', pem(ec)],
  ])('verifies a %s token as system:serviceaccount:<ns>:<name>', async (_alg, k) => {
    const { token } = signServiceAccountToken(k.priv, spec);
    const user = await serviceAccountTokenAuthenticator([k.pub], ['api'])(token);
    expect(user).toMatchObject({ name: 'system:serviceaccount:ns:sa', uid: 'u1', groups: ['system:serviceaccounts', 'system:serviceaccounts:ns'] });
  });

  it.each([
    ['another audience', () => signServiceAccountToken(pem(rsa).priv, { ...spec, audiences: ['other'] }).token, /audience/],
    ['an expired token', () => signServiceAccountToken(pem(rsa).priv, spec, undefined, Date.now() - 3600_000).token, /expired/],
    ['a token signed by another key', () => signServiceAccountToken(pem(generateKeyPairSync('rsa', { modulusLength: 2048 })).priv, spec).token, /signature/],
  ])('refuses %s', async (_n, make, msg) => {
    await expect(serviceAccountTokenAuthenticator([pem(rsa).pub], ['api'])(make())).rejects.toThrow(msg);
  });

  it('refuses the token of a deleted service account', async () => {
    const { token } = signServiceAccountToken(pem(rsa).priv, spec);
    await expect(serviceAccountTokenAuthenticator([pem(rsa).pub], ['api'], { serviceAccount: async () => false })(token)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it.each([
    ['accepts a token whose pod exists with the bound uid', 'pod-uid', true],
    ['refuses a token whose pod is gone', undefined, false],
    ['refuses a token whose pod was replaced (another uid)', 'other-uid', false],
  ])('%s', async (_n, liveUid, ok) => {
    const { token } = signServiceAccountToken(pem(rsa).priv, { ...spec, pod: { name: 'p', uid: 'pod-uid' } });
    const asked: string[] = [];
    const auth = serviceAccountTokenAuthenticator([pem(rsa).pub], ['api'], { serviceAccount: async () => true, pod: async (ns, name) => (asked.push(`${ns}/${name}`), liveUid) });
    if (ok) expect(await auth(token)).toMatchObject({ extra: { 'authentication.kubernetes.io/pod-name': ['p'], 'authentication.kubernetes.io/pod-uid': ['pod-uid'] } });
    else await expect(auth(token)).rejects.toThrow(/invalidated/);
    expect(asked).toEqual(['ns/p']);
  });
});

describe('RBAC rules', () => {
  const a = (method: string, url: string) => requestAttributes(method, url);
  it.each([
    ['exact verb and resource', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, a('GET', '/api/v1/namespaces/d/pods/x'), true],
    ['watch is its own verb', { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, a('GET', '/api/v1/pods?watch=1'), false],
    ['* verbs, groups, resources', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, a('DELETE', '/apis/apps/v1/namespaces/d/deployments/x'), true],
    ['wrong group', { verbs: ['*'], apiGroups: [''], resources: ['deployments'] }, a('GET', '/apis/apps/v1/namespaces/d/deployments'), false],
    ['subresource needs res/sub', { verbs: ['update'], apiGroups: [''], resources: ['pods'] }, a('PUT', '/api/v1/namespaces/d/pods/x/status'), false],
    ['res/sub matches', { verbs: ['update'], apiGroups: [''], resources: ['pods/status'] }, a('PUT', '/api/v1/namespaces/d/pods/x/status'), true],
    ['resourceNames limit to names', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }, a('GET', '/api/v1/namespaces/d/secrets/b'), false],
    ['resourceNames allow the name', { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }, a('GET', '/api/v1/namespaces/d/secrets/a'), true],
    ['resourceNames never cover list', { verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] }, a('GET', '/api/v1/namespaces/d/secrets'), false],
    ['nonResourceURLs exact', { verbs: ['get'], nonResourceURLs: ['/version'] }, a('GET', '/version'), true],
    ['nonResourceURLs prefix *', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, a('GET', '/apis/apps/v1'), true],
    ['nonResourceURLs do not cover resources', { verbs: ['get'], nonResourceURLs: ['*'] }, a('GET', '/api/v1/pods'), false],
  ])('%s', (_n, rule, attrs, want) => {
    expect(ruleAllows(rule, attrs)).toBe(want);
  });
});
