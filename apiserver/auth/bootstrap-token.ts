import { createHash, timingSafeEqual } from 'node:crypto';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { AuthenticationError, type TokenAuthenticator } from './authenticator.ts';
import { Groups, type UserInfo } from './user.ts';

/** BOOTSTRAP_TOKEN_PATTERN is the shape of a bootstrap token: `<id>.<secret>`. */
export const BOOTSTRAP_TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
/** BOOTSTRAP_TOKEN_TYPE is the Secret type that holds a bootstrap token. */
export const BOOTSTRAP_TOKEN_TYPE = 'bootstrap.kubernetes.io/token';

type SecretLike = KubeObject & { type?: string; data?: Record<string, string> };

/** SecretGetter reads a Secret (decrypted), or undefined when it does not exist. */
export type SecretGetter = (namespace: string, name: string) => Promise<SecretLike | undefined>;

const field = (s: SecretLike, key: string): string | undefined => (s.data?.[key] === undefined ? undefined : Buffer.from(s.data[key], 'base64').toString('utf8'));

function sameSecret(stored: SecretLike, secret: string): boolean {
  // Skiff stores only a hash (token-secret-sha256); a kubeadm-style plain token-secret is accepted too.
  const hashed = field(stored, 'token-secret-sha256');
  const want = hashed !== undefined ? hashed : field(stored, 'token-secret');
  const got = hashed !== undefined ? createHash('sha256').update(secret).digest('hex') : secret;
  if (want === undefined || want.length !== got.length) return false;
  return timingSafeEqual(Buffer.from(want), Buffer.from(got));
}

/**
 * bootstrapTokenAuthenticator authenticates `<id>.<secret>` tokens against the Secret
 * `bootstrap-token-<id>` in kube-system (type bootstrap.kubernetes.io/token), as Kubernetes does:
 * the Secret must allow authentication (usage-bootstrap-authentication=true) and not be expired;
 * deleting it revokes the token. The user is system:bootstrap:<id> in system:bootstrappers plus
 * the Secret's auth-extra-groups.
 */
export function bootstrapTokenAuthenticator(getSecret: SecretGetter, now: () => Date = () => new Date()): TokenAuthenticator {
  return async (token) => {
    const m = BOOTSTRAP_TOKEN_PATTERN.exec(token);
    if (!m) return undefined;
    const [, id, secret] = m;
    const stored = await getSecret('kube-system', `bootstrap-token-${id}`);
    if (!stored || stored.type !== BOOTSTRAP_TOKEN_TYPE || stored.metadata.deletionTimestamp) throw new AuthenticationError('bootstrap token not found or revoked');
    if (field(stored, 'token-id') !== id || !sameSecret(stored, secret)) throw new AuthenticationError('bootstrap token does not match');
    if (field(stored, 'usage-bootstrap-authentication') !== 'true') throw new AuthenticationError('bootstrap token may not be used for authentication');
    const expiration = field(stored, 'expiration');
    if (expiration && !(Date.parse(expiration) > now().getTime())) throw new AuthenticationError('bootstrap token has expired');
    const extra = (field(stored, 'auth-extra-groups') ?? '').split(',').map((g) => g.trim()).filter((g) => g.startsWith(`${Groups.bootstrappers}:`));
    const user: UserInfo = { name: `system:bootstrap:${id}`, groups: [Groups.bootstrappers, ...extra] };
    return user;
  };
}
