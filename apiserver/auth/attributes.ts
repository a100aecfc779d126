import { parseApiPath, splitUrl } from '../request-path.ts';

/**
 * Attributes are what an authorizer decides on (Kubernetes' authorizer.Attributes): the verb
 * and either a resource (group, resource, subresource, namespace, name) or a non-resource path.
 */
export interface Attributes {
  verb: string;
  resourceRequest: boolean;
  /** path is the request path (without the query), for non-resource requests and logs. */
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** fieldSelector and labelSelector of a list/watch (the Node authorizer reads spec.nodeName). */
  fieldSelector: string;
}

const collectionVerbs: Record<string, string> = { GET: 'list', HEAD: 'list', POST: 'create', DELETE: 'deletecollection' };
const objectVerbs: Record<string, string> = { GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete', POST: 'create' };

function isWatch(q: URLSearchParams): boolean {
  const w = q.get('watch');
  return w === '1' || w === 'true';
}

/**
 * requestAttributes derives the authorization attributes of an HTTP request, as Kubernetes'
 * RequestInfoFactory does: resource paths under /api and /apis get a resource verb (get, list,
 * watch, create, update, patch, delete, deletecollection); discovery and everything else is a
 * non-resource request whose verb is the lower-case HTTP method. An unparsable path is treated
 * as non-resource (the handler answers it with its own error).
 */
export function requestAttributes(method: string, url: string): Attributes {
  const { path, query } = splitUrl(url);
  const base: Attributes = { verb: method.toLowerCase(), resourceRequest: false, path, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', fieldSelector: '' };
  if (!path.startsWith('/api/') && !path.startsWith('/apis/')) return base;
  let parsed;
  try {
    parsed = parseApiPath(path);
  } catch {
    return base;
  }
  if ('discovery' in parsed) return base;
  const m = method.toUpperCase();
  let verb = parsed.name === undefined ? collectionVerbs[m] : objectVerbs[m];
  if (verb === undefined) verb = m.toLowerCase();
  if ((verb === 'list' || verb === 'get') && isWatch(query)) verb = 'watch';
  // A namespace is its own namespace: RBAC RoleBindings in ns X cover `get namespaces/X`.
  const namespace = parsed.namespace ?? (parsed.resource === 'namespaces' && parsed.name ? parsed.name : '');
  return {
    ...base,
    verb,
    resourceRequest: true,
    apiGroup: parsed.group,
    apiVersion: parsed.version,
    resource: parsed.resource,
    subresource: parsed.subresource ?? '',
    namespace,
    name: parsed.name ?? '',
    fieldSelector: query.get('fieldSelector') ?? '',
  };
}

/** describeAttributes renders attributes for a Forbidden message, like kube-apiserver's. */
export function describeAttributes(a: Attributes): string {
  if (!a.resourceRequest) return `cannot ${a.verb} path "${a.path}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const what = `resource "${res}" in API group "${a.apiGroup}"`;
  const ns = a.namespace ? ` in the namespace "${a.namespace}"` : a.resource === 'namespaces' ? '' : ' at the cluster scope';
  return `cannot ${a.verb} ${what}${ns}`;
}
