import { newBadRequest } from '../../api/errors.ts';
import type { Attributes } from './attributes.ts';
import type { Authorizer } from './authorizer.ts';
import type { UserInfo } from './user.ts';

/** SelfSubjectAccessReview is the authorization.k8s.io/v1 request `auth can-i` sends. */
export interface SelfSubjectAccessReview {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec: {
    resourceAttributes?: { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string };
    nonResourceAttributes?: { path?: string; verb?: string };
  };
  status?: { allowed: boolean; denied?: boolean; reason?: string };
}

/** reviewAttributes turns a review's spec into authorizer attributes. */
export function reviewAttributes(spec: SelfSubjectAccessReview['spec']): Attributes {
  const base: Attributes = { verb: '', resourceRequest: false, path: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', fieldSelector: '' };
  if (spec.resourceAttributes) {
    const r = spec.resourceAttributes;
    return { ...base, resourceRequest: true, verb: r.verb ?? '', apiGroup: r.group ?? '', apiVersion: r.version ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', namespace: r.namespace ?? '', name: r.name ?? '' };
  }
  if (spec.nonResourceAttributes) return { ...base, verb: spec.nonResourceAttributes.verb ?? '', path: spec.nonResourceAttributes.path ?? '' };
  throw newBadRequest('spec.resourceAttributes or spec.nonResourceAttributes is required');
}

/** selfSubjectAccessReview answers a review for the requesting user with the server's own authorizer. */
export async function selfSubjectAccessReview(authorize: Authorizer, user: UserInfo, body: unknown): Promise<SelfSubjectAccessReview> {
  const review = body as SelfSubjectAccessReview;
  if (!review || typeof review !== 'object' || !review.spec) throw newBadRequest('the body must be a SelfSubjectAccessReview with a spec');
  const d = await authorize(user, reviewAttributes(review.spec));
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: { creationTimestamp: null },
    spec: review.spec,
    status: { allowed: d.decision === 'allow', ...(d.decision === 'deny' && d.reason ? { reason: d.reason } : {}) },
  };
}
