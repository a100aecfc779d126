import type { Pod } from '../../../api/core/v1/pod.ts';
import { addQuantity, formatQuantity, newQuantity, type ParsedQuantity } from '../../../api/quantity.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { isPodTerminal } from '../../util/pod.ts';

/** Objects is what usage is computed from, per resource (plural.group, e.g. 'pods', 'deployments.apps'). */
export type Objects = Map<string, KubeObject[]>;

/** countResource maps quota names to the resource they count (`pods`, `count/deployments.apps`, …). */
export function countResource(name: string): string | undefined {
  if (name.startsWith('count/')) return name.slice('count/'.length);
  const legacy: Record<string, string> = {
    pods: 'pods', services: 'services', configmaps: 'configmaps', secrets: 'secrets', persistentvolumeclaims: 'persistentvolumeclaims',
    replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
  };
  return legacy[name];
}

type PodResources = { requests?: Record<string, string | number>; limits?: Record<string, string | number> };

/** podAmount sums one resource over a pod's containers (init containers count at their maximum, as in Kubernetes). */
function podAmount(pod: Pod, kind: 'requests' | 'limits', res: string): ParsedQuantity {
  const get = (c: { resources?: PodResources }) => c.resources?.[kind]?.[res] ?? (kind === 'requests' ? c.resources?.limits?.[res] : undefined);
  const sum = addQuantity(newQuantity(0), ...(pod.spec?.containers ?? []).map(get).filter((v): v is string | number => v !== undefined));
  let init = newQuantity(0);
  for (const c of pod.spec?.initContainers ?? []) {
    const v = get(c);
    if (v !== undefined && addQuantity(v).nanos > init.nanos) init = addQuantity(v);
  }
  return init.nanos > sum.nanos ? init : sum;
}

/**
 * computeUsage returns status.used for every resource named in `hard`: object counts,
 * requests/limits of cpu and memory (and their bare `cpu`/`memory` forms) over non-terminal
 * pods, NodePort/LoadBalancer service counts and PVC storage requests.
 */
export function computeUsage(hard: Record<string, unknown>, objects: Objects): Record<string, string> {
  const pods = ((objects.get('pods') ?? []) as Pod[]).filter((p) => !isPodTerminal(p));
  const services = (objects.get('services') ?? []) as Array<KubeObject & { spec?: { type?: string; ports?: unknown[] } }>;
  const used: Record<string, string> = {};
  for (const name of Object.keys(hard)) {
    const counted = countResource(name);
    if (counted) {
      used[name] = String(counted === 'pods' ? pods.length : (objects.get(counted) ?? []).length);
      continue;
    }
    const m = /^(requests|limits)\.(.+)$/.exec(name) ?? (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' ? [name, 'requests', name] : null);
    if (m && m[2] !== 'storage') {
      used[name] = formatQuantity(addQuantity(newQuantity(0), ...pods.map((p) => podAmount(p, m[1] as 'requests' | 'limits', m[2]))));
    } else if (name === 'requests.storage') {
      const pvcs = (objects.get('persistentvolumeclaims') ?? []) as Array<KubeObject & { spec?: { resources?: { requests?: { storage?: string } } } }>;
      used[name] = formatQuantity(addQuantity(newQuantity(0), ...pvcs.map((c) => c.spec?.resources?.requests?.storage ?? 0)));
    } else if (name === 'services.nodeports') {
      used[name] = String(services.filter((s) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer').reduce((n, s) => n + (s.spec?.ports?.length ?? 0), 0));
    } else if (name === 'services.loadbalancers') {
      used[name] = String(services.filter((s) => s.spec?.type === 'LoadBalancer').length);
    }
  }
  return used;
}
