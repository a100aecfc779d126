import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ANONYMOUS, withAuthenticatedGroup, type UserInfo } from './user.ts';

/** AuthRequest is the part of a request authenticators read: headers and the (TLS) socket. */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
  socket?: Socket | TLSSocket;
}

/** AuthenticationError means credentials were presented and are invalid: the request gets 401. */
export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

/**
 * Authenticator inspects one kind of credential: it returns the user, undefined when the request
 * carries no credential of its kind, and throws AuthenticationError for a bad one.
 */
export type Authenticator = (req: AuthRequest) => Promise<UserInfo | undefined> | UserInfo | undefined;

/** TokenAuthenticator checks one bearer token: the user, or undefined when the token is not its kind. */
export type TokenAuthenticator = (token: string) => Promise<UserInfo | undefined> | UserInfo | undefined;

/** bearerToken extracts the token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const h = headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

/**
 * tokenAuthenticator tries each token authenticator in turn on the request's bearer token; a
 * token nobody recognises is invalid (401), as in Kubernetes.
 */
export function tokenAuthenticator(chain: TokenAuthenticator[]): Authenticator {
  return async (req) => {
    const token = bearerToken(req.headers);
    if (token === undefined) return undefined;
    for (const check of chain) {
      const user = await check(token);
      if (user) return user;
    }
    throw new AuthenticationError('invalid bearer token');
  };
}

/** AuthResult is the outcome of authenticating a request. */
export interface AuthResult {
  user: UserInfo;
  /** anonymous is true when no credential was presented. */
  anonymous: boolean;
}

/**
 * unionAuthenticator runs authenticators in order (client certificate first, then tokens); the
 * first that recognises a credential decides. With no credential at all the request is anonymous.
 * Every authenticated user gets the system:authenticated group.
 */
export function unionAuthenticator(chain: Authenticator[]): (req: AuthRequest) => Promise<AuthResult> {
  return async (req) => {
    for (const authn of chain) {
      const user = await authn(req);
      if (user) return { user: withAuthenticatedGroup(user), anonymous: false };
    }
    return { user: ANONYMOUS, anonymous: true };
  };
}
