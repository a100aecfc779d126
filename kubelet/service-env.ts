/**
 * Service environment variables as Kubernetes' kubelet sets them (getServiceEnvVarMap and
 * pkg/kubelet/envvars): for every Service with a ClusterIP in the pod's namespace (when
 * spec.enableServiceLinks is true) and always for the `kubernetes` Service of `default`, the
 * Docker-links style `<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT[_<PORTNAME>]`, `<NAME>_PORT`
 * and `<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]` variables.
 */
import type { Service } from '../api/core/v1/service.ts';
import { compareStrings } from '../component-base/compare-strings.ts';

/** masterServices are the Services of `default` every pod sees, whatever enableServiceLinks says. */
const masterServices = new Set(['kubernetes']);

/** hasClusterIP is Kubernetes' IsServiceIPSet: headless (None) and ExternalName services have none. */
function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** envName is a Service (or port) name as a variable name: upper case, `-` → `_`. */
export function envName(name: string): string {
  return name.toUpperCase().replaceAll('-', '_');
}

/**
 * selectServices picks the services a pod in `ns` gets variables for, keyed by name: a Service
 * of the pod's own namespace shadows a master service of the same name from `default`.
 */
function selectServices(services: Service[], ns: string, enableServiceLinks: boolean): Service[] {
  const picked = new Map<string, Service>();
  for (const s of services) {
    const name = s.metadata.name ?? '';
    if (!hasClusterIP(s) || !s.spec?.ports?.length) continue;
    if (s.metadata.namespace === 'default' && masterServices.has(name)) {
      if (!picked.has(name)) picked.set(name, s);
    } else if (s.metadata.namespace === ns && enableServiceLinks) {
      picked.set(name, s);
    }
  }
  // Kubernetes hands them over in map order; sorted keeps a container's env stable across restarts.
  return [...picked.values()].sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
}

/** hostPort joins an address and port as Go's net.JoinHostPort does (brackets for IPv6). */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** serviceVars lists the variables of one service in Kubernetes' order. */
function serviceVars(s: Service): Array<[string, string]> {
  const prefix = envName(s.metadata.name ?? '');
  const ip = s.spec!.clusterIP!;
  const ports = s.spec!.ports!;
  const out: Array<[string, string]> = [[`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0].port)]];
  for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  ports.forEach((p, i) => {
    const proto = (p.protocol || 'TCP').toLowerCase();
    const url = `${proto}://${hostPort(ip, p.port)}`;
    // Docker links special-case the first port.
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([pp, url], [`${pp}_PROTO`, proto], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip]);
  });
  return out;
}

/** serviceEnv returns the service variables for a pod in namespace `ns`, in a stable order. */
export function serviceEnv(services: Service[], ns: string, enableServiceLinks: boolean): Map<string, string> {
  return new Map(selectServices(services, ns, enableServiceLinks).flatMap(serviceVars));
}
