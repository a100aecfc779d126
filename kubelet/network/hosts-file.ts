/**
 * hostsFile renders a pod's /etc/hosts as the kubelet manages it (Kubernetes' "kubelet-managed
 * hosts file"): localhost entries, the pod's own IP and hostname (its FQDN first when it has a
 * subdomain), then the spec's hostAliases. The sandbox is not on a Docker network, so the engine
 * would not add the pod's IP itself.
 */
import type { Pod } from '../api-types.ts';

/** hostsFile: see the file comment. */
export function hostsFile(pod: Pod, podIP: string, clusterDomain: string): string {
  const spec = pod.spec ?? {};
  const hostname = podHostname(pod);
  const names = spec.subdomain ? [`${hostname}.${spec.subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}`, hostname] : [hostname];
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    `${podIP}\t${names.join('\t')}`,
  ];
  const aliases = (spec.hostAliases ?? []).filter((a) => a.ip && a.hostnames?.length);
  if (aliases.length) lines.push('', '# Entries added by HostAliases.', ...aliases.map((a) => `${a.ip}\t${a.hostnames!.join('\t')}`));
  return lines.join('\n') + '\n';
}

/** podHostname is the pod's hostname: spec.hostname, else its name, cut to 63 characters. */
export function podHostname(pod: Pod): string {
  return (pod.spec?.hostname ?? pod.metadata.name ?? '').slice(0, 63);
}
