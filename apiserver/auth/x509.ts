import type { TLSSocket } from 'node:tls';
import type { Authenticator } from './authenticator.ts';

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
  return (req) => {
    const socket = req.socket as TLSSocket | undefined;
    if (!socket || typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
    const cert = socket.getPeerCertificate();
    if (!cert || !cert.subject) return undefined;
    const cn = asList(cert.subject.CN)[0];
    if (!cn) return undefined;
    return { name: cn, groups: asList(cert.subject.O) };
  };
}
