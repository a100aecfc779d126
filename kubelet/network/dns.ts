/**
 * podDnsConfig is the resolv.conf of a pod (Kubernetes' dnsPolicy): ClusterFirst points at the
 * cluster DNS with the `<ns>.svc.<domain> svc.<domain> <domain>` search path and ndots:5;
 * Default (and ClusterFirst without a cluster DNS) inherits the node's; None uses dnsConfig only.
 */
import type { Pod } from '../api-types.ts';
import type { DnsConfig } from '../runtime/types.ts';

/** DnsSettings are the kubelet's --cluster-dns and --cluster-domain. */
export interface DnsSettings {
  clusterDns: string[];
  clusterDomain: string;
}

/** podDnsConfig returns the DNS config for the sandbox, or undefined to inherit the node's. */
export function podDnsConfig(pod: Pod, s: DnsSettings): DnsConfig | undefined {
  const spec = pod.spec!;
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const ns = pod.metadata.namespace ?? 'default';
  let base: DnsConfig | undefined;
  const clusterFirst = policy === 'ClusterFirst' ? !spec.hostNetwork : policy === 'ClusterFirstWithHostNet';
  if (policy === 'None') base = { servers: [], searches: [], options: [] };
  else if (clusterFirst && s.clusterDns.length) {
    const d = s.clusterDomain;
    base = { servers: [...s.clusterDns], searches: [`${ns}.svc.${d}`, `svc.${d}`, d], options: ['ndots:5'] };
  }
  const extra = spec.dnsConfig;
  if (!extra) return base;
  const out = base ?? { servers: [], searches: [], options: [] };
  out.servers.push(...(extra.nameservers ?? []));
  out.searches.push(...(extra.searches ?? []));
  for (const o of extra.options ?? []) if (o.name) out.options.push(o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return out;
}

/** resolvConf renders a DnsConfig as /etc/resolv.conf text. */
export function resolvConf(d: DnsConfig): string {
  const lines = d.servers.map((s) => `nameserver ${s}`);
  if (d.searches.length) lines.push(`search ${d.searches.join(' ')}`);
  if (d.options.length) lines.push(`options ${d.options.join(' ')}`);
  return lines.join('\n') + '\n';
}
