import type { Status, StatusCause, StatusReason } from './meta/v1/status.ts';

/** GroupResource names a resource for error messages, e.g. {group: 'apps', resource: 'deployments'}. */
export interface GroupResource {
  group: string;
  resource: string;
}

/**
 * StatusError is every API failure, on the server and in clients: it carries the Kubernetes
 * Status body so callers branch on `reason`/`code` (isNotFound, isConflict…), never on text.
 */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? status.reason ?? `request failed with code ${status.code}`);
    this.name = 'StatusError';
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason | undefined {
    return this.status.reason;
  }
}

/** newStatus builds a Failure Status body. */
export function newStatus(
  code: number,
  reason: StatusReason,
  message: string,
  details?: Status['details'],
): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details ? { details } : {}) };
}

function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** newNotFound: `pods "x" not found` (404). */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    newStatus(404, 'NotFound', `${qualified(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource }),
  );
}

/** newAlreadyExists: `pods "x" already exists` (409). */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    newStatus(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource }),
  );
}

/** newConflict: a write based on a stale resourceVersion (409). */
export function newConflict(gr: GroupResource, name: string, why: string): StatusError {
  return new StatusError(
    newStatus(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    }),
  );
}

/** newInvalid: 422 listing every failing field, as Kubernetes' field.ErrorList does. */
export function newInvalid(kind: string, group: string, name: string, causes: StatusCause[]): StatusError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
  const message = `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${causes.length > 1 ? '[' + summary + ']' : summary}`;
  return new StatusError(newStatus(422, 'Invalid', message, { name, group: group || undefined, kind, causes }));
}

/** newBadRequest: malformed input (400). */
export function newBadRequest(message: string, causes?: StatusCause[]): StatusError {
  return new StatusError(newStatus(400, 'BadRequest', message, causes ? { causes } : undefined));
}

/** newGone: the requested resourceVersion has been compacted (410); watchers relist. */
export function newGone(message: string): StatusError {
  return new StatusError(newStatus(410, 'Expired', message));
}

/** newForbidden: the caller may not do this (403). */
export function newForbidden(gr: GroupResource, name: string, why: string): StatusError {
  const target = name ? `${qualified(gr)} "${name}"` : qualified(gr);
  return new StatusError(
    newStatus(403, 'Forbidden', `${target} is forbidden: ${why}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource }),
  );
}

/** newUnauthorized: no or bad credentials (401). */
export function newUnauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(newStatus(401, 'Unauthorized', message));
}

/** newMethodNotSupported: the verb does not apply to this resource (405). */
export function newMethodNotSupported(gr: GroupResource, verb: string): StatusError {
  return new StatusError(newStatus(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(gr)}"`));
}

/** newRequestEntityTooLarge: body over the limit (413). */
export function newRequestEntityTooLarge(message: string): StatusError {
  return new StatusError(newStatus(413, 'RequestEntityTooLarge', message));
}

/** newUnsupportedMediaType: unknown Content-Type, e.g. an unsupported patch type (415). */
export function newUnsupportedMediaType(contentType: string): StatusError {
  return new StatusError(newStatus(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json, application/apply-patch+yaml (got ${contentType})`));
}

/** newTooManyRequests: throttled (429), with Retry-After seconds. */
export function newTooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(newStatus(429, 'TooManyRequests', message, { retryAfterSeconds }));
}

/** newServiceUnavailable: a dependency (etcd, a kubelet) cannot be reached (503). */
export function newServiceUnavailable(message: string): StatusError {
  return new StatusError(newStatus(503, 'ServiceUnavailable', message));
}

/** newTimeout: the server could not finish in time (504). */
export function newTimeout(message: string, retryAfterSeconds = 1): StatusError {
  return new StatusError(newStatus(504, 'Timeout', message, { retryAfterSeconds }));
}

/** newInternalError: a bug or an unexpected failure on our side (500). */
export function newInternalError(message: string): StatusError {
  return new StatusError(newStatus(500, 'InternalError', `Internal error occurred: ${message}`));
}

const reasonsByCode: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** reasonForCode is the Status reason Kubernetes uses for an HTTP code ('' when it has none). */
export function reasonForCode(code: number): StatusReason {
  return reasonsByCode[code] ?? '';
}

/** reasonOf returns the Status reason of any thrown value, or undefined if it is not a StatusError. */
export function reasonOf(err: unknown): StatusReason | undefined {
  return err instanceof StatusError ? err.status.reason : undefined;
}

function codeOf(err: unknown): number | undefined {
  return err instanceof StatusError ? err.status.code : undefined;
}

/** isNotFound tells whether err is a 404 NotFound Status. */
export const isNotFound = (err: unknown): boolean => reasonOf(err) === 'NotFound' || (codeOf(err) === 404 && !reasonOf(err));
/** isAlreadyExists tells whether err is a 409 AlreadyExists Status. */
export const isAlreadyExists = (err: unknown): boolean => reasonOf(err) === 'AlreadyExists';
/** isConflict tells whether err is a 409 Conflict Status (stale resourceVersion). */
export const isConflict = (err: unknown): boolean => reasonOf(err) === 'Conflict';
/** isGone tells whether err is a 410 (compacted resourceVersion). */
export const isGone = (err: unknown): boolean => codeOf(err) === 410;
/** isInvalid tells whether err is a 422 Invalid Status. */
export const isInvalid = (err: unknown): boolean => reasonOf(err) === 'Invalid';
/** isBadRequest tells whether err is a 400 BadRequest Status. */
export const isBadRequest = (err: unknown): boolean => reasonOf(err) === 'BadRequest';
/** isForbidden tells whether err is a 403 Forbidden Status. */
export const isForbidden = (err: unknown): boolean => reasonOf(err) === 'Forbidden';
/** isUnauthorized tells whether err is a 401 Status. */
export const isUnauthorized = (err: unknown): boolean => codeOf(err) === 401;
/** isTooManyRequests tells whether err is a 429 Status. */
export const isTooManyRequests = (err: unknown): boolean => codeOf(err) === 429;
/** isServerError tells whether err is a 5xx Status (retryable for idempotent calls). */
export const isServerError = (err: unknown): boolean => (codeOf(err) ?? 0) >= 500;
