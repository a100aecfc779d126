import type { FastifyReply } from 'fastify';
import {
  StatusError,
  newAlreadyExists,
  newConflict,
  newGone,
  newInternalError,
  newNotFound,
  newServiceUnavailable,
  newStatus,
  reasonForCode,
  type GroupResource,
} from '../api/errors.ts';
import { isStorageError } from './storage/types.ts';

/** storageToStatus turns a StorageError about object `name` of `gr` into the matching StatusError. */
export function storageToStatus(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  switch (err.code) {
    case 'NotFound':
      return newNotFound(gr, name);
    case 'AlreadyExists':
      return newAlreadyExists(gr, name);
    case 'Conflict':
      return newConflict(gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
    case 'Gone':
      return newGone(`too old resource version: ${err.message}`);
    case 'Unavailable':
      return newServiceUnavailable(`storage unavailable: ${err.message}`);
    default:
      return newInternalError(err.message);
  }
}

/**
 * toStatusError turns anything thrown while serving a request into a StatusError: Status errors
 * pass through, storage errors map by code, fastify's own client errors (bad body, 413, 415…)
 * keep their 4xx code, everything else is a 500.
 */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  const mapped = storageToStatus(err, { group: '', resource: '' }, '');
  if (mapped instanceof StatusError) return mapped;
  const e = err as { statusCode?: number; message?: string; code?: string };
  const code = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (code >= 400 && code < 500) {
    const message = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request entity too large: limit is 3145728' : (e.message ?? 'bad request');
    return new StatusError(newStatus(code, reasonForCode(code) || 'BadRequest', message));
  }
  return newInternalError(e?.message ?? String(err));
}

/** sendStatus answers with the Kubernetes Status of err (and Retry-After for 429/503/504). */
export function sendStatus(reply: FastifyReply, err: unknown): FastifyReply {
  const se = toStatusError(err);
  const retry = se.status.details?.retryAfterSeconds;
  if (retry !== undefined) reply.header('retry-after', String(retry));
  return reply.code(se.status.code).type('application/json').send(se.status);
}
