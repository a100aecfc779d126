import { newBadRequest, newNotFound, StatusError } from '../api/errors.ts';
import { newStatus } from '../api/errors.ts';

/** ResourcePath is a request for a resource (or one of its objects / subresources). */
export interface ResourcePath {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** DiscoveryPath is a request for a discovery document: /api, /apis, /api/v1 or /apis/<g>[/<v>]. */
export interface DiscoveryPath {
  discovery: 'api' | 'apis' | 'group' | 'groupVersion';
  group: string;
  version?: string;
}

/** ParsedPath is what parseApiPath returns. */
export type ParsedPath = ResourcePath | DiscoveryPath;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * decodeSegment percent-decodes one URL segment and refuses anything that could escape its place
 * in a storage key: an encoded '/', '.' or '..', NUL, or a malformed escape.
 */
function decodeSegment(raw: string): string {
  let seg: string;
  try {
    seg = decodeURIComponent(raw);
  } catch {
    throw newBadRequest(`invalid escape in path segment ${JSON.stringify(raw)}`);
  }
  if (seg === '' || seg === '.' || seg === '..' || /[/\\%\0]/.test(seg)) {
    throw newBadRequest(`invalid path segment ${JSON.stringify(seg)}: may not be '.', '..' or contain '/', '%'`);
  }
  return seg;
}

function notFoundPath(path: string): StatusError {
  return new StatusError(newStatus(404, 'NotFound', `the server could not find the requested resource (path ${path})`));
}

/**
 * parseApiPath splits the path of an /api or /apis URL (query already removed, still
 * percent-encoded) into a discovery or resource request, validating every segment.
 */
export function parseApiPath(path: string): ParsedPath {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const parts = trimmed.split('/').slice(1);
  if (parts.some((p) => p === '')) throw notFoundPath(path);
  const segs = parts.map(decodeSegment);
  const [root, ...rest] = segs;
  if (root === 'api') {
    if (rest.length === 0) return { discovery: 'api', group: '' };
    const [version, ...tail] = rest;
    if (tail.length === 0) return { discovery: 'groupVersion', group: '', version };
    return resourceParts('', version, tail, path);
  }
  if (root === 'apis') {
    if (rest.length === 0) return { discovery: 'apis', group: '' };
    const [group, version, ...tail] = rest;
    if (version === undefined) return { discovery: 'group', group };
    if (tail.length === 0) return { discovery: 'groupVersion', group, version };
    return resourceParts(group, version, tail, path);
  }
  throw notFoundPath(path);
}

function resourceParts(group: string, version: string, tail: string[], path: string): ResourcePath {
  let namespace: string | undefined;
  let rest = tail;
  // /namespaces/<ns>/<resource>... is a namespaced request; /namespaces/<ns>[/status|finalize] is the namespace itself.
  const namespaceSubresource = rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1];
    rest = rest.slice(2);
    if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
      throw newNotFound({ group: '', resource: 'namespaces' }, namespace);
    }
  }
  if (rest.length > 3) throw notFoundPath(path);
  const [resource, name, subresource] = rest;
  return { group, version, resource, namespace, name, subresource };
}

/** splitUrl separates the path and the query string of a raw request URL. */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: new URLSearchParams() } : { path: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}
