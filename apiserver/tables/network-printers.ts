import { int, loadBalancerIngress, quantityString } from './format.ts';
import { translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { ageCol, col, nameCol, type Json, type Printer } from './table-types.ts';

const age = (o: Json, now: Date): string => translateTimestampSince(o.metadata?.creationTimestamp, now);

/** leasePrinter: NAME HOLDER AGE. */
export const leasePrinter: Printer = {
  columns: [nameCol, col('Holder', 'The holder of the lease.'), ageCol],
  cells: (l, now) => [l.metadata?.name ?? '', l.spec?.holderIdentity ?? '', age(l, now)],
};

/** firstThree joins up to three items as kubectl does (`a,b,c + 2 more...`), `<unset>` when there are none. */
function firstThree(items: string[]): string {
  if (items.length === 0) return '<unset>';
  return items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');
}

/** endpointSlicePrinter: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: Printer = {
  columns: [
    nameCol,
    col('AddressType', 'Type of address carried by this EndpointSlice.'),
    col('Ports', 'Port numbers available on the related service.'),
    col('Endpoints', 'Addresses of the endpoints in this EndpointSlice.'),
    ageCol,
  ],
  cells: (s, now) => [
    s.metadata?.name ?? '',
    s.addressType ?? '',
    firstThree((s.ports ?? []).map((p: Json) => (p.port === undefined ? '<unset>' : String(p.port)))),
    firstThree((s.endpoints ?? []).flatMap((e: Json) => e.addresses ?? [])),
    age(s, now),
  ],
};

function ingressHosts(rules: Json[] | undefined): string {
  const rs = rules ?? [];
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const r of rs) {
    if (list.length === max) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rs.length - max} more...` : list.join(',');
}

/** ingressPrinter: NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressPrinter: Printer = {
  columns: [
    nameCol,
    col('Class', 'The name of the IngressClass cluster resource.'),
    col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'Ports of TLS configurations that open'),
    ageCol,
  ],
  cells: (i, now) => [
    i.metadata?.name ?? '',
    i.spec?.ingressClassName || '<none>',
    ingressHosts(i.spec?.rules),
    loadBalancerIngress(i.status?.loadBalancer, true),
    (i.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    age(i, now),
  ],
};

/** metricText prints one HPA metric as kubectl does, e.g. `cpu: 40%/80%` or `<unknown>/100m`. */
function metricText(spec: Json, status: Json | undefined): string {
  const pct = (v: unknown): string | undefined => (typeof v === 'number' ? `${v}%` : undefined);
  const pair = (cur: unknown, target: Json | undefined, prefix = ''): string => {
    if (target?.averageValue !== undefined) return `${prefix}${cur === undefined ? '<unknown>' : quantityString(cur)}/${quantityString(target.averageValue)}`;
    if (target?.value !== undefined) return `${prefix}${cur === undefined ? '<unknown>' : quantityString(cur)}/${quantityString(target.value)}`;
    return `${prefix}${pct(cur) ?? '<unknown>'}/${pct(target?.averageUtilization) ?? '<auto>'}`;
  };
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const cur = spec.type === 'Resource' ? status?.resource?.current : status?.containerResource?.current;
      const target = src?.target ?? {};
      const value = target.averageValue !== undefined ? cur?.averageValue : cur?.averageUtilization;
      return pair(value, target, `${src?.name ?? ''}: `);
    }
    case 'Pods':
      return pair(status?.pods?.current?.averageValue, spec.pods?.target);
    case 'Object': {
      const t = spec.object?.target ?? {};
      const c = status?.object?.current ?? {};
      return t.averageValue !== undefined ? `${c.averageValue === undefined ? '<unknown>' : quantityString(c.averageValue)}/${quantityString(t.averageValue)} (avg)` : pair(c.value, t);
    }
    case 'External': {
      const t = spec.external?.target ?? {};
      const c = status?.external?.current ?? {};
      return t.averageValue !== undefined ? `${c.averageValue === undefined ? '<unknown>' : quantityString(c.averageValue)}/${quantityString(t.averageValue)} (avg)` : pair(c.value, t);
    }
    default:
      return '<unknown type>';
  }
}

function hpaMetrics(specs: Json[] | undefined, statuses: Json[] | undefined): string {
  const ss = specs ?? [];
  if (ss.length === 0) return '<none>';
  const list = ss.map((s, i) => metricText(s, statuses?.[i]));
  const max = 2;
  return list.length > max ? `${list.slice(0, max).join(', ')} + ${list.length - max} more...` : list.join(', ');
}

/** hpaPrinter: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const hpaPrinter: Printer = {
  columns: [
    nameCol,
    col('Reference', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
    col('Targets', 'metrics contains the specifications for which to use to calculate the desired replica count.'),
    col('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', { type: 'integer' }),
    col('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.', { type: 'integer' }),
    ageCol,
  ],
  cells: (h, now) => [
    h.metadata?.name ?? '',
    `${h.spec?.scaleTargetRef?.kind ?? ''}/${h.spec?.scaleTargetRef?.name ?? ''}`,
    hpaMetrics(h.spec?.metrics, h.status?.currentMetrics),
    typeof h.spec?.minReplicas === 'number' ? String(h.spec.minReplicas) : '<unset>',
    int(h.spec?.maxReplicas),
    int(h.status?.currentReplicas),
    age(h, now),
  ],
};

/** pdbPrinter: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE (N/A for the bound not set). */
export const pdbPrinter: Printer = {
  columns: [
    nameCol,
    col('Min Available', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    ageCol,
  ],
  cells: (p, now) => [
    p.metadata?.name ?? '',
    p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A',
    p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A',
    p.status?.disruptionsAllowed ?? 0,
    age(p, now),
  ],
};
