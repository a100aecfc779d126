import { allResources } from '../api/resources.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { resolveResource, UsageError } from './resource-resolver.ts';

/** Target is one resource type and the names asked for (none = all matching). */
export interface Target {
  info: ResourceInfo;
  names: string[];
}

/**
 * parseTargets reads kubectl's argument forms: `pods`, `pods,svc`, `all`, `pod web`,
 * `pod/web svc/web`. Mixing `type/name` with bare names is an error, as in kubectl.
 */
export function parseTargets(args: string[]): Target[] {
  if (args.length === 0) throw new UsageError('You must specify the type of resource to get. Use "skiffctl api-resources" for a complete list of supported resources.');
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) throw new UsageError('there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
    const byType = new Map<ResourceInfo, string[]>();
    for (const arg of args) {
      const [type, name] = arg.split('/', 2);
      if (!name) throw new UsageError(`arguments in resource/name form must have a single resource and name: ${arg}`);
      const info = resolveResource(type);
      byType.set(info, [...(byType.get(info) ?? []), name]);
    }
    return [...byType].map(([info, names]) => ({ info, names }));
  }
  const [types, ...names] = args;
  const infos = types.split(',').flatMap((t) => (t === 'all' ? allResources().filter((r) => r.categories.includes('all')) : [resolveResource(t)]));
  if (names.length > 0 && infos.length > 1) throw new UsageError('you may only specify a single resource type when giving names');
  return infos.map((info) => ({ info, names }));
}

/** namedObjects flattens targets to (resource, name) pairs, requiring at least one name. */
export function namedObjects(args: string[]): Array<{ info: ResourceInfo; name: string }> {
  const pairs = parseTargets(args).flatMap((t) => t.names.map((name) => ({ info: t.info, name })));
  if (pairs.length === 0) throw new UsageError('resource(s) were provided, but no name was specified');
  return pairs;
}
