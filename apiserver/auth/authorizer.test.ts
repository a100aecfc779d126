import { describe, expect, it } from 'vitest';
import { requestAttributes } from './attributes.ts';
import { ALLOW, NO_OPINION, unionAuthorizer, type Authorizer } from './authorizer.ts';
import { deniedError } from './forbidden.ts';

const user = { name: 'system:node:node-a', groups: ['system:nodes'] };
const getPod = requestAttributes('GET', '/api/v1/namespaces/default/pods/gone');
const missing: Authorizer = () => ({ decision: 'noopinion', reason: 'node authorizer: pod default/gone not found', notFound: true });
const rbacSilent: Authorizer = () => ({ decision: 'noopinion', reason: 'RBAC: no rule' });

describe('unionAuthorizer', () => {
  it('takes the first allow or deny and denies when nobody has an opinion, joining the reasons', async () => {
    expect(await unionAuthorizer([() => NO_OPINION, () => ALLOW])(user, getPod)).toBe(ALLOW);
    expect(await unionAuthorizer([() => ({ decision: 'deny', reason: 'no' }), () => ALLOW])(user, getPod)).toEqual({ decision: 'deny', reason: 'no' });
    expect(await unionAuthorizer([rbacSilent, () => ({ decision: 'noopinion', reason: 'other' })])(user, getPod)).toEqual({ decision: 'deny', reason: 'RBAC: no rule; other' });
  });

  it('keeps "the object does not exist" from a no-opinion, unless someone else allows', async () => {
    expect(await unionAuthorizer([missing, rbacSilent])(user, getPod)).toEqual({ decision: 'deny', reason: 'node authorizer: pod default/gone not found; RBAC: no rule', notFound: true });
    expect(await unionAuthorizer([missing, () => ALLOW])(user, getPod)).toBe(ALLOW);
  });
});

describe('deniedError', () => {
  it('answers 404 NotFound for a missing object and 403 Forbidden otherwise', () => {
    const notFound = deniedError(user, getPod, { decision: 'deny', reason: 'x', notFound: true });
    expect(notFound.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "gone" not found' });
    const forbidden = deniedError(user, getPod, { decision: 'deny', reason: 'RBAC: no rule' });
    expect(forbidden.status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(forbidden.status.message).toContain('User "system:node:node-a" cannot get resource "pods"');
  });
});
