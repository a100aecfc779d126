/**
 * desiredSlices is what the EndpointSlice controller wants for one Service: its Endpoints in
 * discovery.k8s.io/v1 form — one slice per address family and port set (an Endpoints subset is
 * exactly such a group), ready addresses with conditions ready/serving true, not-ready ones
 * false; a Service without endpoints gets one empty slice, as Kubernetes gives it.
 */
import { createHash } from 'node:crypto';
import type { EndpointAddress, Endpoints, EndpointPort } from '../../../api/core/v1/endpoints.ts';
import type { Endpoint, EndpointSlice } from '../../../api/discovery/v1/endpointslice.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { canonical } from '../../util/canonical.ts';
import { newControllerRef } from '../../util/keys.ts';

/** SERVICE_NAME_LABEL links a slice to its Service (kubectl describe service selects by it). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

interface Group {
  addressType: 'IPv4' | 'IPv6';
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

function endpointOf(a: EndpointAddress, ready: boolean): Endpoint {
  return {
    addresses: [a.ip],
    conditions: { ready, serving: ready, terminating: false },
    ...(a.hostname ? { hostname: a.hostname } : {}),
    ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    ...(a.targetRef ? { targetRef: a.targetRef } : {}),
  };
}

/** desiredSlices computes the slices of service from its Endpoints (sorted by name). */
export function desiredSlices(service: KubeObject, endpoints: Endpoints | undefined): EndpointSlice[] {
  const groups = new Map<string, Group>();
  for (const subset of endpoints?.subsets ?? []) {
    const ports = [...(subset.ports ?? [])].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    const addresses = [...(subset.addresses ?? []).map((a) => endpointOf(a, true)), ...(subset.notReadyAddresses ?? []).map((a) => endpointOf(a, false))];
    for (const e of addresses) {
      const addressType = e.addresses[0].includes(':') ? 'IPv6' : 'IPv4';
      const key = `${addressType}/${canonical(ports)}`;
      const g = groups.get(key) ?? { addressType, ports, endpoints: [] };
      g.endpoints.push(e);
      groups.set(key, g);
    }
  }
  if (groups.size === 0) groups.set('IPv4/', { addressType: 'IPv4', ports: [], endpoints: [] });
  return [...groups].map(([key, g]) => sliceOf(service, key, g)).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

function sliceOf(service: KubeObject, key: string, g: Group): EndpointSlice {
  // A name derived from the group, so a restarted controller finds its own slices (no generateName duplicates).
  const suffix = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const name = service.metadata.name ?? '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${name.slice(0, 240)}-${suffix}`,
      namespace: service.metadata.namespace,
      labels: { [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY },
      ownerReferences: [newControllerRef(service, 'v1', 'Service')],
    },
    addressType: g.addressType,
    endpoints: g.endpoints.sort((a, b) => a.addresses[0].localeCompare(b.addresses[0])),
    ports: g.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
  };
}
