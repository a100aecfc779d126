/**
 * Port arguments of `port-forward`, as kubectl reads them: `8080:80`, `8080` (same port both
 * sides), `:80` (a random local port), and a remote port given by name (`8080:http`, looked up
 * in the pod's container ports). For a Service the remote port is the Service's port and is
 * translated to its targetPort, as kubectl does.
 */
import { UsageError } from './resource-resolver.ts';

/** PortSpec is one requested forwarding; local 0 means "pick one". */
export interface PortSpec {
  local: number;
  remote: number | string;
}

/** ContainerPorts are the pod's named and numbered container ports. */
export type ContainerPorts = Array<{ name?: string; containerPort: number }>;

/** ServicePort is the part of a Service port used for the translation. */
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

function portNumber(s: string, what: string): number {
  if (!/^\d+$/.test(s) || Number(s) > 65535) throw new UsageError(`Error parsing ${what} port '${s}': must be a number 0–65535`);
  return Number(s);
}

/** parsePortSpec reads one `[LOCAL:]REMOTE` argument. */
export function parsePortSpec(arg: string): PortSpec {
  const parts = arg.split(':');
  if (parts.length > 2) throw new UsageError(`invalid port format '${arg}'`);
  const [l, r] = parts.length === 2 ? parts : [parts[0], parts[0]];
  const remote = /^\d+$/.test(r) ? portNumber(r, 'remote') : r;
  if (remote === 0 || remote === '') throw new UsageError(`remote port must be > 0 in '${arg}'`);
  const local = l === '' ? 0 : portNumber(l, 'local');
  if (parts.length === 1 && typeof remote === 'string') throw new UsageError(`a named port needs a local port: use LOCAL:${remote}`);
  return { local, remote };
}

/** resolveContainerPort turns a named remote port into the container's number. */
export function resolveContainerPort(remote: number | string, ports: ContainerPorts, podName: string): number {
  if (typeof remote === 'number') return remote;
  const found = ports.find((p) => p.name === remote);
  if (!found) throw new UsageError(`Pod '${podName}' does not have a named port '${remote}'`);
  return found.containerPort;
}

/** resolveServicePort maps a Service port (number or name) to the pod port it targets. */
export function resolveServicePort(remote: number | string, svcPorts: ServicePort[], ports: ContainerPorts, svcName: string, podName: string): number {
  const sp = svcPorts.find((p) => (typeof remote === 'number' ? p.port === remote : p.name === remote));
  if (!sp) throw new UsageError(`Service ${svcName} does not have a service port ${remote}`);
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  return /^\d+$/.test(target) ? Number(target) : resolveContainerPort(target, ports, podName);
}
