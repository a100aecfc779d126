import type { ResourceInfo } from '../api/resource-info.ts';

/**
 * resourcePath builds the REST path of a resource, collection or subresource:
 * `/api/v1/namespaces/ns/pods/name/log`, `/apis/apps/v1/deployments` (all namespaces).
 */
export function resourcePath(info: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}${subresource ? '/' + subresource : ''}` : '';
  return `${base}${ns}/${info.resource}${tail}`;
}

/** tableAccept asks the server for a meta.k8s.io Table, falling back to plain JSON. */
export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
