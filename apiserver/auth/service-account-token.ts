import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AuthenticationError, type TokenAuthenticator } from './authenticator.ts';
import { Groups, serviceAccountUser, type UserInfo } from './user.ts';

/** DEFAULT_ISSUER is the service account token issuer (kube-apiserver's usual --service-account-issuer). */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** ServiceAccountClaims are the claims of a bound service account token. */
export interface ServiceAccountClaims {
  iss: string;
  aud: string[];
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string }; pod?: { name: string; uid: string } };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function algorithmOf(key: KeyObject): { alg: string; hash: string; dsa: boolean } {
  if (key.asymmetricKeyType === 'rsa') return { alg: 'RS256', hash: 'sha256', dsa: false };
  if (key.asymmetricKeyType === 'ec') return { alg: 'ES256', hash: 'sha256', dsa: true };
  throw new Error(`unsupported service account key type ${key.asymmetricKeyType}`);
}

/** TokenRequestSpec is what a token is issued for. */
export interface TokenRequestSpec {
  namespace: string;
  name: string;
  uid: string;
  audiences: string[];
  expirationSeconds: number;
  pod?: { name: string; uid: string };
}

/** signServiceAccountToken issues a JWT (RS256 or ES256) for a service account, bound to audiences and expiring. */
export function signServiceAccountToken(privateKeyPem: string | Buffer, spec: TokenRequestSpec, issuer = DEFAULT_ISSUER, now = Date.now()): { token: string; expiration: Date } {
  const key = createPrivateKey(privateKeyPem);
  const { alg, hash, dsa } = algorithmOf(key);
  const iat = Math.floor(now / 1000);
  const claims: ServiceAccountClaims = {
    iss: issuer,
    aud: spec.audiences,
    sub: serviceAccountUser(spec.namespace, spec.name),
    iat,
    nbf: iat,
    exp: iat + spec.expirationSeconds,
    'kubernetes.io': { namespace: spec.namespace, serviceaccount: { name: spec.name, uid: spec.uid }, ...(spec.pod ? { pod: spec.pod } : {}) },
  };
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  const sig = sign(hash, Buffer.from(input), dsa ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return { token: `${input}.${b64url(sig)}`, expiration: new Date(claims.exp * 1000) };
}

/** ServiceAccountLookup tells whether the service account (by uid) still exists; deleting it revokes its tokens. */
export type ServiceAccountLookup = (namespace: string, name: string, uid: string) => Promise<boolean>;

/** PodLookup returns the uid of a pod that exists, else undefined; a token bound to a pod dies with it. */
export type PodLookup = (namespace: string, name: string) => Promise<string | undefined>;

/** TokenLookups are the live checks of a token's claims against storage. */
export interface TokenLookups {
  serviceAccount?: ServiceAccountLookup;
  pod?: PodLookup;
}

function decodeJwt(token: string): { header: { alg?: string }; claims: ServiceAccountClaims; input: string; sig: Buffer } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ServiceAccountClaims;
    return { header, claims, input: `${parts[0]}.${parts[1]}`, sig: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

/**
 * serviceAccountTokenAuthenticator verifies service account JWTs with any of the public keys
 * (--service-account-key-file), for this issuer and one of the API server's audiences, not
 * expired, and — with lookups — for a service account that still exists with that uid and, for
 * a token bound to a pod, a pod that still exists with the uid in the claim (as Kubernetes'
 * validator: deleting the pod, or replacing it by one of the same name, revokes the token).
 * The user is system:serviceaccount:<ns>:<name> in system:serviceaccounts[:<ns>].
 */
export function serviceAccountTokenAuthenticator(publicKeys: (string | Buffer)[], audiences: string[], lookups: TokenLookups = {}, issuer = DEFAULT_ISSUER): TokenAuthenticator {
  const keys = publicKeys.map((k) => createPublicKey(k));
  return async (token) => {
    const jwt = decodeJwt(token);
    if (!jwt || jwt.claims.iss !== issuer) return undefined;
    const ok = keys.some((key) => {
      const { alg, hash, dsa } = algorithmOf(key);
      return jwt.header.alg === alg && verify(hash, Buffer.from(jwt.input), dsa ? { key, dsaEncoding: 'ieee-p1363' } : key, jwt.sig);
    });
    if (!ok) throw new AuthenticationError('service account token signature is invalid');
    const c = jwt.claims;
    const now = Date.now() / 1000;
    if (typeof c.exp !== 'number' || c.exp <= now || (typeof c.nbf === 'number' && c.nbf > now + 60)) throw new AuthenticationError('service account token has expired');
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.some((a) => audiences.includes(a))) throw new AuthenticationError('service account token is not for this audience');
    const k8s = c['kubernetes.io'];
    if (!k8s?.namespace || !k8s.serviceaccount?.name) throw new AuthenticationError('service account token lacks its claims');
    if (lookups.serviceAccount && !(await lookups.serviceAccount(k8s.namespace, k8s.serviceaccount.name, k8s.serviceaccount.uid))) throw new AuthenticationError('service account has been deleted');
    if (k8s.pod && lookups.pod && (await lookups.pod(k8s.namespace, k8s.pod.name)) !== k8s.pod.uid) throw new AuthenticationError('service account token has been invalidated (its pod is gone)');
    const user: UserInfo = {
      name: serviceAccountUser(k8s.namespace, k8s.serviceaccount.name),
      uid: k8s.serviceaccount.uid,
      groups: [Groups.serviceAccounts, `${Groups.serviceAccounts}:${k8s.namespace}`],
      ...(k8s.pod ? { extra: { 'authentication.kubernetes.io/pod-name': [k8s.pod.name], 'authentication.kubernetes.io/pod-uid': [k8s.pod.uid] } } : {}),
    };
    return user;
  };
}
