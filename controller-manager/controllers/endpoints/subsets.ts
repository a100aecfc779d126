import type { Pod } from '../../../api/core/v1/pod.ts';
import { isPodReady } from '../../util/pod.ts';
import { canonical } from '../../util/canonical.ts';
import type { EndpointAddress, EndpointPort, EndpointSubset, Service, ServicePort } from './types.ts';

/** findPort resolves a service port's targetPort against a pod: numbers as is, names by container port name. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** shouldInclude: pods with an IP, not terminal, not being deleted (unless publishing not-ready ones). */
function shouldInclude(pod: Pod, svc: Service): boolean {
  if (!pod.status?.podIP) return false;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return false;
  if (pod.metadata.deletionTimestamp && !svc.spec?.publishNotReadyAddresses) return false;
  return true;
}

function addressOf(pod: Pod, svc: Service): EndpointAddress {
  const a: EndpointAddress = {
    ip: pod.status?.podIP ?? '',
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  // Pods with hostname+subdomain matching the (headless) service get a DNS record of their own.
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && svc.metadata.namespace === pod.metadata.namespace) a.hostname = pod.spec.hostname;
  return a;
}

/**
 * computeSubsets builds a service's Endpoints subsets from the pods its selector matches:
 * ready pods under addresses, others under notReadyAddresses, one subset per distinct resolved
 * port set, sorted so unchanged input gives byte-identical output (no needless writes).
 */
export function computeSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const bySig = new Map<string, EndpointSubset>();
  const headlessNoPorts = svc.spec?.clusterIP === 'None' && (svc.spec?.ports ?? []).length === 0;
  for (const pod of pods) {
    if (!shouldInclude(pod, svc)) continue;
    const ready = isPodReady(pod) || !!svc.spec?.publishNotReadyAddresses;
    let ports: EndpointPort[] = [];
    if (!headlessNoPorts) {
      for (const sp of svc.spec?.ports ?? []) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
      }
      if (ports.length === 0) continue;
      ports = ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    }
    const sig = canonical(ports);
    let subset = bySig.get(sig);
    if (!subset) bySig.set(sig, (subset = ports.length ? { ports } : {}));
    const list = ready ? (subset.addresses ??= []) : (subset.notReadyAddresses ??= []);
    list.push(addressOf(pod, svc));
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');
  const subsets = [...bySig.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  for (const s of subsets) {
    s.addresses?.sort(byIp);
    s.notReadyAddresses?.sort(byIp);
  }
  return subsets;
}
