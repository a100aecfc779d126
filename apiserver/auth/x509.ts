import type { TLSSocket } from 'node:tls';
import type { Authenticator } from './authenticator.ts';
import type { UserInfo } from './user.ts';

function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/**
 * x509Authenticator reads the verified client certificate of a TLS connection: CN is the user
 * name, each O a group (Kubernetes' layout: CN=system:node:<name>, O=system:nodes). The server
 * requests certificates without rejecting unverified ones, so only `socket.authorized` (the chain
 * checked against --client-ca-file) makes a certificate count; an unverified one is ignored and
 * the request falls through to tokens or anonymous.
 */
export function x509Authenticator(): Authenticator {
  // A connection's certificate never changes: decode it once per socket, not once per request.
  const bySocket = new WeakMap<object, UserInfo | null>();
  return (req) => {
    const socket = req.socket as TLSSocket | undefined;
    if (!socket || typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
    let user = bySocket.get(socket);
    if (user === undefined) {
      user = userOf(socket);
      bySocket.set(socket, user);
    }
    return user ?? undefined;
  };
}

function userOf(socket: TLSSocket): UserInfo | null {
  const cert = socket.getPeerCertificate();
  const cn = cert?.subject ? asList(cert.subject.CN)[0] : undefined;
  return cn ? { name: cn, groups: asList(cert.subject.O) } : null;
}
