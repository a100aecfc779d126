import { newForbidden, newStatus, newUnauthorized, StatusError } from '../../api/errors.ts';
import { describeAttributes, type Attributes } from './attributes.ts';
import type { UserInfo } from './user.ts';

/** forbiddenError is kube-apiserver's 403 for a denied request: `pods "x" is forbidden: User "u" cannot get resource …`. */
export function forbiddenError(user: UserInfo, a: Attributes, reason: string): StatusError {
  const why = `User "${user.name}" ${describeAttributes(a)}${reason ? `: ${reason}` : ''}`;
  if (!a.resourceRequest) return new StatusError(newStatus(403, 'Forbidden', `forbidden: ${why}`));
  return newForbidden({ group: a.apiGroup, resource: a.resource }, a.name, why);
}

/** unauthorizedError is the 401 for a request without valid credentials. */
export function unauthorizedError(): StatusError {
  return newUnauthorized('Unauthorized');
}
