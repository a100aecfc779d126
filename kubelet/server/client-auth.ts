import type { TLSSocket } from 'node:tls';

/** KUBELET_API_CLIENT_CN is the API server's kubelet client certificate CN (kubeadm's name). */
export const KUBELET_API_CLIENT_CN = 'kube-apiserver-kubelet-client';

/** KubeletServerTls is the kubelet API's serving pair and the CA its clients must be signed by (PEM). */
export interface KubeletServerTls {
  cert: Buffer;
  key: Buffer;
  clientCA: Buffer;
}

/**
 * checkClientCert decides whether a TLS client may use the kubelet API: it must present a
 * certificate signed by the client CA (verified by the TLS layer) whose CN is the API server's
 * kubelet client or whose O is system:masters. Returns undefined when allowed, else the HTTP
 * code and message (401: no or untrusted certificate, 403: someone else's certificate).
 */
export function checkClientCert(socket: TLSSocket): { code: 401 | 403; message: string } | undefined {
  const peer = socket.getPeerCertificate();
  if (!peer || !peer.subject) return { code: 401, message: 'Unauthorized: a client certificate is required' };
  if (!socket.authorized) return { code: 401, message: `Unauthorized: client certificate not trusted (${String(socket.authorizationError)})` };
  const cn = peer.subject.CN;
  const orgs = ([] as string[]).concat(peer.subject.O ?? []);
  if (cn === KUBELET_API_CLIENT_CN || orgs.includes('system:masters')) return undefined;
  return { code: 403, message: `Forbidden: user "${String(cn)}" may not use the kubelet API` };
}
