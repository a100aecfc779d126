import { allResources } from '../api/resources.ts';
import type { ResourceInfo } from '../api/resource-info.ts';

/**
 * resolveResource maps what a user types to a resource, like kubectl: plural ('pods'),
 * singular ('pod'), short name ('po'), kind ('Pod'), and qualified forms ('deployments.apps',
 * 'deployment.v1.apps'). Throws a kubectl-style error for unknown names.
 */
export function resolveResource(typed: string, resources: ResourceInfo[] = allResources()): ResourceInfo {
  const [name, ...rest] = typed.toLowerCase().split('.');
  const qualifier = rest.join('.');
  const candidates = resources.filter(
    (r) => r.resource === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name),
  );
  const matching = qualifier
    ? candidates.filter((r) => r.group === qualifier || `${r.version}.${r.group}` === qualifier || (qualifier === r.version && !r.group))
    : candidates;
  // Without a qualifier prefer the core group, as kubectl's priority order does.
  const found = matching.find((r) => r.group === '') ?? matching[0];
  if (!found) throw new UsageError(`the server doesn't have a resource type "${typed}"`);
  return found;
}

/** resourceForKind finds the resource of a manifest's apiVersion and kind. */
export function resourceForKind(apiVersion: string | undefined, kind: string | undefined, resources: ResourceInfo[] = allResources()): ResourceInfo {
  const [group, version] = (apiVersion ?? '').includes('/') ? (apiVersion ?? '').split('/') : ['', apiVersion ?? ''];
  const found = resources.find((r) => r.kind === kind && r.group === group && r.version === version) ??
    resources.find((r) => r.kind === kind && r.group === group);
  if (!found) throw new UsageError(`resource mapping not found for name: kind "${kind}" in version "${apiVersion}": ensure CRDs are installed first`);
  return found;
}

/** UsageError is a mistake in what the user typed; printed as `error: <message>`, exit 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
