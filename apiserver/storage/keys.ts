/**
 * Storage keys (design §4): `/registry/<resource>/<namespace>/<name>` for namespaced objects and
 * `/registry/<resource>/<name>` for cluster-scoped ones, built only from validated segments so
 * that no user-supplied name can address a key outside its resource's prefix.
 */
import { newBadRequest } from '../../api/errors.ts';

/** REGISTRY_ROOT is the prefix every Skiff key lives under. */
export const REGISTRY_ROOT = '/registry/';

// DNS-1123-ish: letters, digits, '-', '.', plus ':' and '@' (RBAC and some Kubernetes names use
// them); must start and end alphanumeric. Never '/', '%', NUL, whitespace.
const SEGMENT = /^[A-Za-z0-9](?:[-A-Za-z0-9._:@]*[A-Za-z0-9])?$/;
const MAX_SEGMENT = 253;

/** segmentProblem says why value cannot be a key segment, or undefined when it can. */
export function segmentProblem(value: string): string | undefined {
  if (value === '') return 'may not be empty';
  if (value === '.' || value === '..') return `may not be '${value}'`;
  if (value.includes('/')) return "may not contain '/'";
  if (value.includes('%')) return "may not contain '%'";
  if (value.includes('\0')) return 'may not contain NUL';
  if (value.length > MAX_SEGMENT) return `must be no more than ${MAX_SEGMENT} characters`;
  if (!SEGMENT.test(value)) return 'must consist of alphanumeric characters, \'-\' or \'.\', and start and end with an alphanumeric character';
  return undefined;
}

/** validateSegment throws a 400 BadRequest StatusError when value is not a safe key segment. */
export function validateSegment(value: string, what: string): string {
  const problem = segmentProblem(value);
  if (problem !== undefined) throw newBadRequest(`invalid ${what} ${JSON.stringify(value)}: ${problem}`);
  return value;
}

/**
 * resourcePrefix is the key prefix (ending in '/') of every object of resource, or of those in
 * one namespace when namespace is given.
 */
export function resourcePrefix(resource: string, namespace?: string): string {
  validateSegment(resource, 'resource');
  if (namespace === undefined) return `${REGISTRY_ROOT}${resource}/`;
  return `${REGISTRY_ROOT}${resource}/${validateSegment(namespace, 'namespace')}/`;
}

/** objectKey is the key of one object; namespace undefined means cluster-scoped. */
export function objectKey(resource: string, namespace: string | undefined, name: string): string {
  return `${resourcePrefix(resource, namespace)}${validateSegment(name, 'name')}`;
}

/** parseObjectKey splits a key built by objectKey back into its segments (undefined if foreign). */
export function parseObjectKey(key: string): { resource: string; namespace?: string; name: string } | undefined {
  if (!key.startsWith(REGISTRY_ROOT)) return undefined;
  const parts = key.slice(REGISTRY_ROOT.length).split('/');
  if (parts.some((p) => segmentProblem(p) !== undefined)) return undefined;
  if (parts.length === 2) return { resource: parts[0]!, name: parts[1]! };
  if (parts.length === 3) return { resource: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  return undefined;
}
