import fjp from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { newBadRequest, newStatus, StatusError } from '../errors.ts';
import { clone } from './json.ts';

/** Errors that mean the patch document itself is malformed (400), not that it does not apply (422). */
const formatErrors = new Set([
  'SEQUENCE_NOT_AN_ARRAY',
  'OPERATION_NOT_AN_OBJECT',
  'OPERATION_OP_INVALID',
  'OPERATION_PATH_INVALID',
  'OPERATION_FROM_REQUIRED',
  'OPERATION_VALUE_REQUIRED',
  'OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED',
]);

function describe(err: { name?: string; message?: string; operation?: unknown }): string {
  const first = (err.message ?? String(err)).split('\n')[0];
  return err.operation ? `${first}: ${JSON.stringify(err.operation)}` : (first ?? 'invalid patch');
}

/**
 * applyJsonPatch applies a JSON patch (RFC 6902, `application/json-patch+json`) to a copy of doc.
 * A malformed patch throws a 400 BadRequest; a patch that does not apply (failed `test`, missing
 * path, bad index) throws 422 Invalid, as kube-apiserver answers — never a 5xx.
 */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw newBadRequest('json patch must be an array of operations');
  const formatErr = fjp.validate(ops as Operation[]);
  if (formatErr) throw newBadRequest(`invalid json patch: ${describe(formatErr)}`);
  try {
    return fjp.applyPatch(clone(doc), ops as Operation[], true, true, true).newDocument;
  } catch (err) {
    const e = err as { name?: string; message?: string; operation?: unknown };
    if (e.name && formatErrors.has(e.name)) throw newBadRequest(`invalid json patch: ${describe(e)}`);
    throw new StatusError(newStatus(422, 'Invalid', `the json patch could not be applied: ${describe(e)}`));
  }
}
