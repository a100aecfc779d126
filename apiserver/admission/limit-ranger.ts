import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Storage } from '../storage/types.ts';

type Resources = { limits?: Record<string, string>; requests?: Record<string, string> };
type ContainerLike = { resources?: Resources };
type LimitRangeLike = KubeObject & { spec?: { limits?: { type?: string; default?: Record<string, string>; defaultRequest?: Record<string, string> }[] } };

/**
 * applyLimitRangeDefaults fills what a container leaves out from the namespace's LimitRanges
 * (type Container): `default` → resources.limits, `defaultRequest` → resources.requests — and, as
 * Kubernetes does, a request missing from both takes the container's (possibly defaulted) limit.
 * Values the pod sets are never changed.
 */
export function applyLimitRangeDefaults(spec: { containers?: ContainerLike[]; initContainers?: ContainerLike[] } | undefined, ranges: LimitRangeLike[]): void {
  const items = ranges.flatMap((r) => r.spec?.limits ?? []).filter((l) => (l.type ?? 'Container') === 'Container');
  if (!spec || items.length === 0) return;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const res: Resources = c.resources ?? {};
    for (const item of items) {
      for (const [name, v] of Object.entries(item.default ?? {})) if (res.limits?.[name] === undefined) res.limits = { ...res.limits, [name]: v };
      for (const [name, v] of Object.entries(item.defaultRequest ?? {})) if (res.requests?.[name] === undefined) res.requests = { ...res.requests, [name]: v };
    }
    for (const [name, v] of Object.entries(res.limits ?? {})) if (res.requests?.[name] === undefined) res.requests = { ...res.requests, [name]: v };
    if (res.limits || res.requests) c.resources = res;
  }
}

/** limitRangesOf lists a namespace's LimitRanges straight from storage. */
export async function limitRangesOf(storage: Storage, namespace: string): Promise<LimitRangeLike[]> {
  return (await storage.list<LimitRangeLike>(`/registry/limitranges/${namespace}/`)).items;
}
