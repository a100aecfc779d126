/**
 * apiTokenRequester sends the token manager's TokenRequests to the API server:
 * `POST /api/v1/namespaces/<ns>/serviceaccounts/<sa>/token`. The Node authorizer lets a kubelet
 * do this only for service accounts of pods bound to it, and only for tokens bound to such a pod.
 */
import { Resources } from '../api/resources.ts';
import type { Client } from '../client/types.ts';
import type { RequestToken, TokenRequest } from './token-manager.ts';

/** apiTokenRequester: see the file comment. */
export function apiTokenRequester(client: Client): RequestToken {
  return (namespace, serviceAccount, req) => client.resource(Resources.serviceaccounts).createSubresource<TokenRequest, TokenRequest>(namespace, serviceAccount, 'token', req);
}
