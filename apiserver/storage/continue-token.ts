/**
 * Continue tokens for paged lists: base64 of `{"rv":N,"start":"<next key>"}`. Later pages are read
 * at the same revision rv, so a paged list is one consistent snapshot (Gone once rv is compacted).
 */
import { newBadRequest } from '../../api/errors.ts';

/** CONTINUE_EXPIRED is Kubernetes' message for a continue token whose revision was compacted (410). */
export const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

/** ContinuePosition is where the next page starts. */
export interface ContinuePosition {
  rv: number;
  start: string;
}

/** encodeContinue builds the opaque token for the page after lastKey. */
export function encodeContinue(rv: number, lastKey: string): string {
  // '\0' is the smallest byte: the next page starts right after lastKey.
  return Buffer.from(JSON.stringify({ rv, start: `${lastKey}\0` })).toString('base64');
}

/** decodeContinue parses token, insisting it stays under prefix; 400 BadRequest when malformed. */
export function decodeContinue(token: string, prefix: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw newBadRequest('continue key is not valid: malformed token');
  }
  const p = parsed as Partial<ContinuePosition>;
  if (typeof p !== 'object' || p === null || !Number.isSafeInteger(p.rv) || (p.rv as number) <= 0 || typeof p.start !== 'string') {
    throw newBadRequest('continue key is not valid: malformed token');
  }
  if (!p.start.startsWith(prefix) || p.start.length <= prefix.length) {
    throw newBadRequest('continue key is not valid: key does not belong to this list');
  }
  return { rv: p.rv as number, start: p.start };
}
