import { newForbidden, newNotFound, newStatus, newUnauthorized, StatusError } from '../../api/errors.ts';
import type { Decision } from './authorizer.ts';
import { describeAttributes, type Attributes } from './attributes.ts';
import type { UserInfo } from './user.ts';

/** forbiddenError is kube-apiserver's 403 for a denied request: `pods "x" is forbidden: User "u" cannot get resource …`. */
export function forbiddenError(user: UserInfo, a: Attributes, reason: string): StatusError {
  const why = `User "${user.name}" ${describeAttributes(a)}${reason ? `: ${reason}` : ''}`;
  if (!a.resourceRequest) return new StatusError(newStatus(403, 'Forbidden', `forbidden: ${why}`));
  return newForbidden({ group: a.apiGroup, resource: a.resource }, a.name, why);
}

/** deniedError answers a request the authorizers did not allow: 404 when it names an object that does not exist (Decision.notFound), else 403. */
export function deniedError(user: UserInfo, a: Attributes, d: Decision): StatusError {
  if (d.notFound && a.resourceRequest) return newNotFound({ group: a.apiGroup, resource: a.resource }, a.name);
  return forbiddenError(user, a, d.reason);
}

/** unauthorizedError is the 401 for a request without valid credentials. */
export function unauthorizedError(): StatusError {
  return newUnauthorized('Unauthorized');
}
