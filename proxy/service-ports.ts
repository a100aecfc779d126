import type { Endpoints } from '../api/core/v1/endpoints.ts';
import type { Service } from '../api/core/v1/service.ts';
import type { Backend } from './balancer.ts';

/** ServicePort is what the proxy serves for one port of one Service. */
export interface ServicePort {
  /** key is "namespace/name:portName" (portName may be empty), the label of logs and metrics. */
  key: string;
  protocol: string;
  /** addresses to listen on at `port`: the clusterIPs plus any externalIPs. */
  addresses: string[];
  port: number;
  nodePort?: number;
  /** affinityTimeoutMs > 0 pins clients by IP (sessionAffinity ClientIP). */
  affinityTimeoutMs: number;
  /** localOnly sends NodePort traffic only to endpoints on this node (externalTrafficPolicy Local). */
  localOnly: boolean;
  /** backends are the ready endpoints for this port. */
  backends: Backend[];
}

const defaultAffinitySeconds = 10800;

/**
 * servicePortsOf computes the ports the proxy must serve from Services and their Endpoints:
 * headless and ExternalName services have no virtual IP and are skipped; only ready addresses
 * (Endpoints.subsets[].addresses, never notReadyAddresses) become backends, matched to the
 * service port by port name.
 */
export function servicePortsOf(services: Service[], endpoints: Endpoints[], skipClusterIPs: Set<string> = new Set()): ServicePort[] {
  const byKey = new Map(endpoints.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
  return services.flatMap((svc) => {
    const clusterIPs = (svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])).filter(
      (ip) => ip && ip !== 'None' && !skipClusterIPs.has(ip),
    );
    if (svc.spec?.type === 'ExternalName' || clusterIPs.length === 0) return [];
    const svcKey = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const eps = byKey.get(svcKey);
    const affinity = svc.spec?.sessionAffinity === 'ClientIP'
      ? (svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? defaultAffinitySeconds) * 1000
      : 0;
    return (svc.spec?.ports ?? []).map((p) => ({
      key: `${svcKey}:${p.name ?? ''}`,
      protocol: p.protocol ?? 'TCP',
      addresses: [...clusterIPs, ...(svc.spec?.externalIPs ?? [])],
      port: p.port,
      nodePort: p.nodePort || undefined,
      affinityTimeoutMs: affinity,
      localOnly: svc.spec?.externalTrafficPolicy === 'Local',
      backends: readyBackends(eps, p.name ?? ''),
    }));
  });
}

function readyBackends(eps: Endpoints | undefined, portName: string): Backend[] {
  return (eps?.subsets ?? []).flatMap((subset) => {
    const port = (subset.ports ?? []).find((p) => (p.name ?? '') === portName) ??
      (subset.ports?.length === 1 && !portName ? subset.ports[0] : undefined);
    if (!port) return [];
    return (subset.addresses ?? []).map((a) => ({ ip: a.ip, port: port.port, nodeName: a.nodeName ?? undefined }));
  });
}
