/**
 * REST paths and query strings built from a ResourceInfo: `/api/v1/namespaces/ns/pods/name`,
 * `/apis/apps/v1/...`, cluster-scoped resources and subresources.
 */
import type { ResourceInfo } from '../api/resource-info.ts';
import type { DeleteOptions, ListOptions, WriteOptions } from './types.ts';

/** resourcePath builds the URL path of a collection, an object or an object's subresource. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  const parts = [info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`];
  if (info.namespaced && namespace) parts.push('namespaces', encodeURIComponent(namespace));
  parts.push(info.resource);
  if (name !== undefined) {
    if (!name) throw new Error(`resource name may not be empty (${info.resource})`);
    parts.push(encodeURIComponent(name));
    if (subresource) parts.push(subresource);
  }
  return parts.join('/');
}

/** listQuery turns ListOptions into query parameters. */
export function listQuery(opts: ListOptions = {}): Record<string, string> {
  const q: Record<string, string> = {};
  if (opts.labelSelector) q.labelSelector = opts.labelSelector;
  if (opts.fieldSelector) q.fieldSelector = opts.fieldSelector;
  if (opts.limit) q.limit = String(opts.limit);
  if (opts.continue) q.continue = opts.continue;
  if (opts.resourceVersion !== undefined) q.resourceVersion = opts.resourceVersion;
  if (opts.timeoutSeconds !== undefined) q.timeoutSeconds = String(opts.timeoutSeconds);
  if (opts.allowWatchBookmarks) q.allowWatchBookmarks = 'true';
  return q;
}

/** writeQuery turns WriteOptions into query parameters (dryRun, fieldManager, force…). */
export function writeQuery(opts: WriteOptions = {}): Record<string, string> {
  const q: Record<string, string> = {};
  if (opts.dryRun) q.dryRun = 'All';
  if (opts.fieldManager) q.fieldManager = opts.fieldManager;
  if (opts.fieldValidation) q.fieldValidation = opts.fieldValidation;
  if (opts.force) q.force = 'true';
  return q;
}

/** deleteBody is the metav1.DeleteOptions body of a DELETE. */
export function deleteBody(opts: DeleteOptions = {}): Record<string, unknown> {
  return {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    ...(opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {}),
    ...(opts.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : {}),
    ...(opts.preconditions ? { preconditions: opts.preconditions } : {}),
    ...(opts.dryRun ? { dryRun: ['All'] } : {}),
  };
}

/** withQuery appends a query string to a path. */
export function withQuery(path: string, query: Record<string, string> = {}): string {
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}?${qs}` : path;
}
