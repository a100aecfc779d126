import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Service } from '../../api/core/v1/service.ts';

/** DnsView is the read-only state the cluster DNS answers from (backed by informer listers). */
export interface DnsView {
  service(namespace: string, name: string): Service | undefined;
  endpoints(namespace: string, name: string): Endpoints | undefined;
}

/** DnsRecord is one answer: A (data = IPv4), CNAME (data = name) or SRV. */
export type DnsRecord =
  | { type: 'A'; name: string; data: string }
  | { type: 'CNAME'; name: string; data: string }
  | { type: 'SRV'; name: string; data: { priority: number; weight: number; port: number; target: string } };

/** Lookup is the answer for a name: records, or `nxdomain` for a cluster name that does not exist. */
export type Lookup = { records: DnsRecord[] } | { nxdomain: true } | { notCluster: true };

/**
 * lookup answers a question about a cluster name, following Kubernetes' DNS spec:
 * `<svc>.<ns>.svc.<domain>` A → clusterIP (headless: ready endpoint IPs);
 * `<hostname>.<svc>.<ns>.svc.<domain>` A → that endpoint (StatefulSet pods);
 * `_<port>._<proto>.<svc>.<ns>.svc.<domain>` SRV for named ports;
 * ExternalName services → CNAME; `a-b-c-d.<ns>.pod.<domain>` → a.b.c.d.
 * Names outside the cluster domain return `notCluster` (the server forwards them upstream).
 */
export function lookup(view: DnsView, domain: string, qname: string, qtype: string): Lookup {
  const name = qname.toLowerCase().replace(/\.$/, '');
  const suffix = `.${domain}`;
  if (!name.endsWith(suffix)) return { notCluster: true };
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.length === 3 && labels[2] === 'pod') return podRecord(name, labels, qtype);
  const svcIndex = labels.lastIndexOf('svc');
  if (svcIndex !== labels.length - 1 || svcIndex < 2) return { nxdomain: true };
  const [namespace, svcName] = [labels[svcIndex - 1], labels[svcIndex - 2]];
  const svc = view.service(namespace, svcName);
  if (!svc) return { nxdomain: true };
  const prefix = labels.slice(0, svcIndex - 2);
  const fqdn = `${svcName}.${namespace}.svc.${domain}`;
  if (prefix.length === 0) return serviceRecords(view, svc, name, qtype);
  if (prefix.length === 1) return hostRecord(view, svc, prefix[0], name, qtype);
  if (prefix.length === 2 && prefix[0].startsWith('_') && prefix[1].startsWith('_')) {
    return srvRecords(view, svc, prefix[0].slice(1), prefix[1].slice(1), name, fqdn, qtype);
  }
  return { nxdomain: true };
}

function podRecord(name: string, labels: string[], qtype: string): Lookup {
  const ip = labels[0].replaceAll('-', '.');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return { nxdomain: true };
  return { records: qtype === 'A' || qtype === 'ANY' ? [{ type: 'A', name, data: ip }] : [] };
}

function readyAddresses(view: DnsView, svc: Service) {
  const eps = view.endpoints(svc.metadata.namespace ?? 'default', svc.metadata.name ?? '');
  return (eps?.subsets ?? []).flatMap((s) => s.addresses ?? []);
}

function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

function serviceRecords(view: DnsView, svc: Service, name: string, qtype: string): Lookup {
  if (svc.spec?.type === 'ExternalName') {
    return { records: [{ type: 'CNAME', name, data: (svc.spec.externalName ?? '').replace(/\.$/, '') }] };
  }
  if (qtype !== 'A' && qtype !== 'ANY') return { records: [] };
  const ips = isHeadless(svc) ? readyAddresses(view, svc).map((a) => a.ip) : [svc.spec?.clusterIP ?? ''].filter(Boolean);
  return { records: ips.map((ip) => ({ type: 'A', name, data: ip })) };
}

function hostRecord(view: DnsView, svc: Service, host: string, name: string, qtype: string): Lookup {
  const address = readyAddresses(view, svc).find((a) => a.hostname === host);
  if (!address) return { nxdomain: true };
  return { records: qtype === 'A' || qtype === 'ANY' ? [{ type: 'A', name, data: address.ip }] : [] };
}

function srvRecords(view: DnsView, svc: Service, portName: string, proto: string, name: string, fqdn: string, qtype: string): Lookup {
  const port = (svc.spec?.ports ?? []).find((p) => p.name === portName && (p.protocol ?? 'TCP').toLowerCase() === proto);
  if (!port) return { nxdomain: true };
  if (qtype !== 'SRV' && qtype !== 'ANY') return { records: [] };
  if (!isHeadless(svc)) return { records: [{ type: 'SRV', name, data: { priority: 0, weight: 100, port: port.port, target: fqdn } }] };
  const eps = view.endpoints(svc.metadata.namespace ?? 'default', svc.metadata.name ?? '');
  const records: DnsRecord[] = (eps?.subsets ?? []).flatMap((s) => {
    const epPort = (s.ports ?? []).find((p) => p.name === portName);
    if (!epPort) return [];
    return (s.addresses ?? []).map((a) => ({
      type: 'SRV' as const,
      name,
      data: { priority: 0, weight: 100, port: epPort.port, target: `${a.hostname ?? a.ip.replaceAll('.', '-')}.${fqdn}` },
    }));
  });
  return { records };
}
