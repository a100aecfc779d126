import type { ResourceInfo } from '../../api/resource-info.ts';
import { objectKey as storageKey, resourcePrefix } from '../storage/keys.ts';

/**
 * objectKey is the etcd key of one object: `/registry/<resource>/<namespace>/<name>` or
 * `/registry/<resource>/<name>` for cluster-scoped kinds (segments re-validated: 400 if unsafe).
 */
export function objectKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return storageKey(info.resource, info.namespaced ? namespace : undefined, name);
}

/** listPrefix is the key prefix of a list: one namespace, or every namespace when ns is undefined. */
export function listPrefix(info: ResourceInfo, namespace: string | undefined): string {
  return resourcePrefix(info.resource, info.namespaced && namespace ? namespace : undefined);
}
