/**
 * Rebuilding API failures as StatusError (design §3.5): a Status body is used as is; any other
 * non-2xx body (plain text from a proxy, HTML, nothing) becomes a Status synthesized from the
 * code, like client-go's NewGenericServerResponse.
 */
import type { Status } from '../api/meta/v1/status.ts';
import { StatusError, newStatus, reasonForCode } from '../api/errors.ts';

/** isStatus tells whether a decoded body is a metav1.Status. */
export function isStatus(body: unknown): body is Status {
  return !!body && typeof body === 'object' && (body as { kind?: unknown }).kind === 'Status' && typeof (body as { code?: unknown }).code === 'number';
}

/** statusErrorFrom builds the StatusError of a non-2xx response. */
export function statusErrorFrom(code: number, body: unknown, retryAfterSeconds?: number): StatusError {
  if (isStatus(body)) {
    const status = { ...body, code: body.code || code };
    if (retryAfterSeconds !== undefined && status.details?.retryAfterSeconds === undefined) {
      status.details = { ...status.details, retryAfterSeconds };
    }
    return new StatusError(status);
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 500) : body === undefined ? '' : JSON.stringify(body).slice(0, 500);
  const reason = reasonForCode(code) || (code >= 500 ? 'InternalError' : 'BadRequest');
  const message = text ? `the server responded with status ${code}: ${text}` : `the server responded with status ${code}`;
  return new StatusError(newStatus(code, reason, message, retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined));
}

const connectionFailure = 'ClientConnectionFailure';

/** connectionError is the StatusError of a request that reached no server (503, cause ClientConnectionFailure). */
export function connectionError(server: string, err: unknown): StatusError {
  const e = err as { code?: string; message?: string };
  const message = `cannot reach the API server ${server}: ${e.code ?? ''} ${e.message ?? String(err)}`.replace(/\s+/g, ' ').trim();
  return new StatusError(newStatus(503, 'ServiceUnavailable', message, { causes: [{ reason: connectionFailure, message }] }));
}

/** isConnectionFailure tells whether err is a client-side connection failure (no server answered). */
export function isConnectionFailure(err: unknown): boolean {
  return err instanceof StatusError && !!err.status.details?.causes?.some((c) => c.reason === connectionFailure);
}
