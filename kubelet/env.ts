/**
 * Container environment as Kubernetes builds it: envFrom first, then env in order (later wins),
 * with valueFrom (configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef) resolved and
 * $(VAR) references expanded against the variables defined before and the service variables
 * (service-env.ts), which come last and never override a variable the container defines.
 */
import type { Service } from '../api/core/v1/service.ts';
import type { Container, Pod } from './api-types.ts';
import { resourceFieldValue } from './resources.ts';
import { serviceEnv } from './service-env.ts';

/** ObjectSource reads the ConfigMaps and Secrets a pod refers to (data already decoded). */
export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** services lists the cluster's Services from the kubelet's cache (none: no service variables). */
  services?(): Service[];
}

/** EnvError is a missing non-optional reference (the container fails with CreateContainerConfigError). */
export class EnvError extends Error {}

/** buildEnv returns `NAME=value` strings for a container of a pod. */
export async function buildEnv(pod: Pod, c: Container, src: ObjectSource, hostIP: string): Promise<string[]> {
  const ns = pod.metadata.namespace ?? 'default';
  const vars = new Map<string, string>();
  const svc = serviceEnv(src.services?.() ?? [], ns, pod.spec?.enableServiceLinks ?? true);
  const lookup = (name: string) => vars.get(name) ?? svc.get(name);
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.name) continue;
    const data = from.configMapRef ? await src.configMap(ns, ref.name) : await src.secret(ns, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new EnvError(`${from.configMapRef ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of Object.entries(data)) vars.set(`${from.prefix ?? ''}${k}`, v);
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom) {
      const v = await valueFrom(pod, c, e.name, e.valueFrom, src, hostIP);
      if (v !== undefined) vars.set(e.name, v);
    } else {
      vars.set(e.name, expand(e.value ?? '', lookup));
    }
  }
  for (const [k, v] of svc) if (!vars.has(k)) vars.set(k, v);
  return [...vars].map(([k, v]) => `${k}=${v}`);
}

type ValueFrom = NonNullable<NonNullable<Container['env']>[number]['valueFrom']>;

async function valueFrom(pod: Pod, c: Container, name: string, vf: ValueFrom, src: ObjectSource, hostIP: string): Promise<string | undefined> {
  const ns = pod.metadata.namespace ?? 'default';
  const keyRef = vf.configMapKeyRef ?? vf.secretKeyRef;
  if (keyRef) {
    const kind = vf.configMapKeyRef ? 'configmap' : 'secret';
    const data = vf.configMapKeyRef ? await src.configMap(ns, keyRef.name ?? '') : await src.secret(ns, keyRef.name ?? '');
    const v = data?.[keyRef.key];
    if (v === undefined && !keyRef.optional) {
      throw new EnvError(data ? `couldn't find key ${keyRef.key} in ${kind} ${ns}/${keyRef.name}` : `${kind} "${keyRef.name}" not found`);
    }
    return v;
  }
  if (vf.fieldRef) return fieldValue(pod, vf.fieldRef.fieldPath, hostIP);
  if (vf.resourceFieldRef) {
    const target = vf.resourceFieldRef.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === vf.resourceFieldRef!.containerName) : c;
    return resourceFieldValue(target ?? c, vf.resourceFieldRef.resource, vf.resourceFieldRef.divisor);
  }
  throw new EnvError(`env ${name}: unsupported valueFrom`);
}

/** fieldValue resolves a downward-API fieldPath of a pod. */
export function fieldValue(pod: Pod, path: string, hostIP: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'metadata.labels': return formatMap(pod.metadata.labels);
    case 'metadata.annotations': return formatMap(pod.metadata.annotations);
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? 'default';
    case 'status.hostIP': return pod.status?.hostIP || hostIP;
    case 'status.hostIPs': return pod.status?.hostIP || hostIP;
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((p) => p.ip).join(',');
    default: throw new EnvError(`unsupported fieldPath ${path}`);
  }
}

/** formatMap renders labels/annotations as the downward API does: key="value" lines, sorted. */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m![k])}`).join('\n');
}

/**
 * expand replaces $(VAR) with defined variables (a map, or a lookup returning undefined for
 * undefined ones, which stay as written); $$(VAR) is an escaped literal $(VAR).
 */
export function expand(s: string, vars: Map<string, string> | ((name: string) => string | undefined)): string {
  const get = typeof vars === 'function' ? vars : (n: string) => vars.get(n);
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    return (name !== undefined ? get(name) : undefined) ?? whole;
  });
}

/** envMap turns `NAME=value` strings back into a map (for expanding command and args). */
export function envMap(env: string[]): Map<string, string> {
  return new Map(env.map((e) => { const i = e.indexOf('='); return [e.slice(0, i), e.slice(i + 1)] as [string, string]; }));
}
