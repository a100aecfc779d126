import type { Attributes } from './attributes.ts';
import type { UserInfo } from './user.ts';

/** Decision is an authorizer's answer: allow, deny, or no opinion (the next authorizer decides). */
export interface Decision {
  decision: 'allow' | 'deny' | 'noopinion';
  reason: string;
  /**
   * notFound: the request names an object that does not exist, which is why there is no
   * allow. A denied request with it is answered 404, as Kubernetes' registry would answer
   * (its NodeRestriction looks at the stored object, so a missing pod is a 404, not a 403).
   */
  notFound?: boolean;
}

/** Authorizer decides whether user may do what attrs describe. */
export type Authorizer = (user: UserInfo, attrs: Attributes) => Promise<Decision> | Decision;

/** ALLOW, NO_OPINION are the common decisions. */
export const ALLOW: Decision = { decision: 'allow', reason: '' };
export const NO_OPINION: Decision = { decision: 'noopinion', reason: '' };

/** alwaysAllow is --authorization-mode=AlwaysAllow. */
export const alwaysAllow: Authorizer = () => ALLOW;
/** alwaysDeny is --authorization-mode=AlwaysDeny. */
export const alwaysDeny: Authorizer = () => ({ decision: 'deny', reason: 'AlwaysDeny' });

/**
 * unionAuthorizer is --authorization-mode=A,B,…: authorizers are asked in order, the first allow
 * or deny wins, and when nobody has an opinion the request is denied (default deny). Reasons of
 * the no-opinions are joined for the Forbidden message.
 */
export function unionAuthorizer(chain: Authorizer[]): Authorizer {
  return async (user, attrs) => {
    const reasons: string[] = [];
    let notFound = false;
    for (const authz of chain) {
      const d = await authz(user, attrs);
      if (d.decision !== 'noopinion') return d;
      if (d.reason) reasons.push(d.reason);
      notFound ||= d.notFound === true;
    }
    return { decision: 'deny', reason: reasons.join('; '), ...(notFound ? { notFound } : {}) };
  };
}
