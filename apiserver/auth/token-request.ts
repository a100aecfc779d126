import { newBadRequest, newNotFound } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { decodeProtobufBody } from '../protobuf/decode-body.ts';
import type { ApiContext } from '../registry/types.ts';
import { isStorageError } from '../storage/types.ts';
import { nodeTokenRestriction } from './node-restriction.ts';
import { signServiceAccountToken } from './service-account-token.ts';
import type { UserInfo } from './user.ts';

type PodLike = KubeObject & { spec?: { nodeName?: string; serviceAccountName?: string } };

/** TokenRequest is authentication.k8s.io/v1 TokenRequest (the serviceaccounts/token subresource). */
export interface TokenRequest {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } };
  status?: { token: string; expirationTimestamp: string };
}

async function getOrNotFound(ctx: ApiContext, key: string, resource: string, name: string): Promise<KubeObject> {
  try {
    return await ctx.storage.get(key);
  } catch (err) {
    if (isStorageError(err, 'NotFound')) throw newNotFound({ group: '', resource }, name);
    throw err;
  }
}

/** decodeTokenRequest reads a JSON or protobuf TokenRequest body. */
export function decodeTokenRequest(body: unknown): TokenRequest {
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  if (body[0] === 0x6b && body[1] === 0x38 && body[2] === 0x73 && body[3] === 0) return decodeProtobufBody(body) as TokenRequest;
  try {
    return JSON.parse(body.toString('utf8')) as TokenRequest;
  } catch {
    throw newBadRequest('the body must be a TokenRequest');
  }
}

/**
 * issueToken serves POST …/serviceaccounts/<name>/token: a JWT for the service account, for the
 * requested audiences (default: the API server's), expiring after expirationSeconds (default 1 h,
 * at least 10 min), optionally bound to a pod — the token dies with the service account (and is
 * refused if the pod's uid does not match at issue time). A kubelet (requester system:node:<n>)
 * gets tokens only bound to pods on its node (NodeRestriction).
 */
export async function issueToken(ctx: ApiContext, signingKey: Buffer, defaultAudiences: string[], namespace: string, name: string, req: TokenRequest, requester?: UserInfo): Promise<TokenRequest> {
  const sa = await getOrNotFound(ctx, `/registry/serviceaccounts/${namespace}/${name}`, 'serviceaccounts', name);
  const spec = req.spec ?? {};
  const expirationSeconds = Math.max(600, spec.expirationSeconds ?? 3600);
  let pod: { name: string; uid: string } | undefined;
  const ref = spec.boundObjectRef;
  const p = ref?.name && ref.kind === 'Pod' ? ((await getOrNotFound(ctx, `/registry/pods/${namespace}/${ref.name}`, 'pods', ref.name)) as PodLike) : undefined;
  const refused = requester && nodeTokenRestriction(requester, name, ref, p && { uid: p.metadata.uid, nodeName: p.spec?.nodeName });
  if (refused) throw refused;
  if (ref?.name) {
    if (!p) throw newBadRequest(`cannot bind a token to a ${ref.kind ?? ''}: only Pod is supported`);
    if (ref.uid && ref.uid !== p.metadata.uid) throw newBadRequest(`the UID in the bound object reference (${ref.uid}) does not match the pod's (${p.metadata.uid ?? ''})`);
    if ((p.spec?.serviceAccountName || 'default') !== name) throw newBadRequest(`cannot bind token for serviceaccount "${name}" to pod running with different serviceaccount name.`);
    pod = { name: ref.name, uid: p.metadata.uid ?? '' };
  }
  const audiences = spec.audiences?.length ? spec.audiences : defaultAudiences;
  const { token, expiration } = signServiceAccountToken(signingKey, { namespace, name, uid: sa.metadata.uid ?? '', audiences, expirationSeconds, pod });
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { ...spec, audiences, expirationSeconds },
    status: { token, expirationTimestamp: expiration.toISOString().replace(/\.\d+Z$/, 'Z') },
  };
}
