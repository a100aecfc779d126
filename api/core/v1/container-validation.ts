import type { StatusCause } from '../../meta/v1/status.ts';
import type { Container, EnvFromSource, EnvVar, ResourceRequirements, VolumeMount, ContainerPort } from './container.ts';
import type { LifecycleHandler, Probe } from './probe.ts';
import { checkEnum, duplicate, forbidden, invalid, nonNegative, notFound, required } from '../../validation/causes.ts';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isPortName, validateRequiredString, validateString } from '../../validation/names.ts';
import { quantityValue, validatePortNumber, validateProtocol, validateQuantity } from '../../validation/values.ts';
import { PullPolicies } from './pod-spec.ts';

/** ContainerContext is what container checks need to know about the pod around them. */
export interface ContainerContext {
  volumes: Set<string>;
  /** Names already used by other containers of the pod (init + app + ephemeral). */
  names: Set<string>;
  isInit: boolean;
}

/** validateContainers checks a list of containers (app or init) of one pod spec. */
export function validateContainers(containers: Container[], path: string, ctx: ContainerContext): StatusCause[] {
  const causes: StatusCause[] = [];
  containers.forEach((c, i) => causes.push(...validateContainer(c, `${path}[${i}]`, ctx)));
  return causes;
}

function validateContainer(c: Container, p: string, ctx: ContainerContext): StatusCause[] {
  const causes = validateRequiredString(`${p}.name`, c.name, isDNS1123Label);
  if (c.name && ctx.names.has(c.name)) causes.push(duplicate(`${p}.name`, c.name));
  if (c.name) ctx.names.add(c.name);
  if (!c.image) causes.push(required(`${p}.image`));
  causes.push(...checkEnum(`${p}.imagePullPolicy`, c.imagePullPolicy, PullPolicies));
  causes.push(...checkEnum(`${p}.terminationMessagePolicy`, c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  causes.push(...validatePorts(c.ports ?? [], `${p}.ports`));
  (c.env ?? []).forEach((e, i) => causes.push(...validateEnvVar(e, `${p}.env[${i}]`)));
  (c.envFrom ?? []).forEach((e, i) => causes.push(...validateEnvFrom(e, `${p}.envFrom[${i}]`)));
  causes.push(...validateVolumeMounts(c.volumeMounts ?? [], `${p}.volumeMounts`, ctx.volumes));
  causes.push(...validateResources(c.resources, `${p}.resources`));
  causes.push(...validateContainerProbes(c, p, ctx.isInit));
  causes.push(...validateHandler(c.lifecycle?.postStart, `${p}.lifecycle.postStart`, false));
  causes.push(...validateHandler(c.lifecycle?.preStop, `${p}.lifecycle.preStop`, false));
  return causes;
}

function validateContainerProbes(c: Container, p: string, isInit: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  const sidecar = isInit && c.restartPolicy === 'Always';
  if (isInit) causes.push(...checkEnum(`${p}.restartPolicy`, c.restartPolicy, ['Always']));
  else if (c.restartPolicy !== undefined) causes.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  const probes = [['livenessProbe', c.livenessProbe], ['readinessProbe', c.readinessProbe], ['startupProbe', c.startupProbe]] as const;
  for (const [name, probe] of probes) {
    if (!probe) continue;
    if (isInit && !sidecar) {
      causes.push(forbidden(`${p}.${name}`, 'may not be set for init containers without restartPolicy=Always'));
      continue;
    }
    causes.push(...validateProbe(probe, `${p}.${name}`));
    if (name !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
      causes.push(invalid(`${p}.${name}.successThreshold`, probe.successThreshold, 'must be 1'));
    }
  }
  return causes;
}

/** validatePorts checks container ports: numbers, protocol, unique names. */
export function validatePorts(ports: ContainerPort[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `${path}[${i}]`;
    if (port.name) {
      causes.push(...validateString(`${p}.name`, port.name, isPortName));
      if (names.has(port.name)) causes.push(duplicate(`${p}.name`, port.name));
      names.add(port.name);
    }
    causes.push(...validatePortNumber(`${p}.containerPort`, port.containerPort));
    causes.push(...validatePortNumber(`${p}.hostPort`, port.hostPort, false));
    causes.push(...validateProtocol(`${p}.protocol`, port.protocol));
  });
  return causes;
}

const validFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const validResources = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

/** validateEnvVar checks one env var: a valid name and exactly one value source. */
export function validateEnvVar(e: EnvVar, p: string): StatusCause[] {
  const causes = validateRequiredString(`${p}.name`, e.name, isEnvVarName);
  const from = e.valueFrom;
  if (!from) return causes;
  if (e.value) causes.push(invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
  const set = (['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const).filter((k) => from[k]);
  if (set.length === 0) causes.push(invalid(`${p}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  if (set.length > 1) causes.push(invalid(`${p}.valueFrom`, '', 'may not have more than one field specified at a time'));
  const vf = `${p}.valueFrom`;
  if (from.fieldRef) causes.push(...validateFieldPath(from.fieldRef.fieldPath, `${vf}.fieldRef.fieldPath`));
  if (from.resourceFieldRef) causes.push(...checkEnum(`${vf}.resourceFieldRef.resource`, from.resourceFieldRef.resource, validResources, true));
  for (const k of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = from[k];
    if (!ref) continue;
    causes.push(...validateRequiredString(`${vf}.${k}.name`, ref.name, isDNS1123Subdomain));
    causes.push(...validateRequiredString(`${vf}.${k}.key`, ref.key, isConfigMapKey));
  }
  return causes;
}

/** validateFieldPath checks a downward-API field path (metadata.name, metadata.labels['x'], …). */
export function validateFieldPath(fieldPath: string | undefined, field: string): StatusCause[] {
  if (!fieldPath) return [required(field)];
  if (validFieldPaths.includes(fieldPath)) return [];
  if (/^metadata\.(labels|annotations)(\['[^']+'\])?$/.test(fieldPath)) return [];
  return [{ reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${JSON.stringify(fieldPath)}: supported values: ${validFieldPaths.map((s) => JSON.stringify(s)).join(', ')}` }];
}

function validateEnvFrom(e: EnvFromSource, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (e.prefix) causes.push(...validateString(`${p}.prefix`, e.prefix, isEnvVarName));
  const n = Number(!!e.configMapRef) + Number(!!e.secretRef);
  if (n === 0) causes.push(invalid(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
  if (n > 1) causes.push(invalid(p, '', 'may not have more than one field specified at a time'));
  for (const k of ['configMapRef', 'secretRef'] as const) {
    const ref = e[k];
    if (ref) causes.push(...validateRequiredString(`${p}.${k}.name`, ref.name, isDNS1123Subdomain));
  }
  return causes;
}

/** validateVolumeMounts checks mounts name existing volumes at unique, safe paths. */
export function validateVolumeMounts(mounts: VolumeMount[], path: string, volumes: Set<string>): StatusCause[] {
  const causes: StatusCause[] = [];
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) causes.push(required(`${p}.name`));
    else if (!volumes.has(m.name)) causes.push(notFound(`${p}.name`, m.name));
    if (!m.mountPath) causes.push(required(`${p}.mountPath`));
    else if (paths.has(m.mountPath)) causes.push(invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
    if (m.mountPath) paths.add(m.mountPath);
    if (m.subPath) causes.push(...validateLocalPath(m.subPath, `${p}.subPath`));
    causes.push(...checkEnum(`${p}.mountPropagation`, m.mountPropagation, ['None', 'HostToContainer', 'Bidirectional']));
  });
  return causes;
}

/** validateLocalPath checks a relative path that cannot escape its directory ('..' elements, absolute). */
export function validateLocalPath(value: string, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (value.startsWith('/')) causes.push(invalid(field, value, 'must be a relative path'));
  if (value.split('/').includes('..')) causes.push(invalid(field, value, "must not contain '..'"));
  return causes;
}

/** validateResources checks quantities and that every request is at most its limit. */
export function validateResources(r: ResourceRequirements | undefined, path: string): StatusCause[] {
  if (!r) return [];
  const causes: StatusCause[] = [];
  for (const [k, v] of Object.entries(r.limits ?? {})) causes.push(...validateQuantity(`${path}.limits[${k}]`, v));
  for (const [k, v] of Object.entries(r.requests ?? {})) {
    causes.push(...validateQuantity(`${path}.requests[${k}]`, v));
    const limit = r.limits?.[k];
    const req = quantityValue(v);
    const lim = limit === undefined ? undefined : quantityValue(limit);
    if (req !== undefined && lim !== undefined && req > lim) {
      causes.push(invalid(`${path}.requests`, String(v), `must be less than or equal to ${k} limit of ${limit}`));
    }
  }
  return causes;
}

/** validateProbe checks a probe's handler and timing fields. */
export function validateProbe(probe: Probe, p: string): StatusCause[] {
  const causes = validateHandler(probe, p, true);
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    causes.push(...nonNegative(`${p}.${k}`, probe[k]));
  }
  return causes;
}

function validateHandler(h: (LifecycleHandler & Probe) | undefined, p: string, isProbe: boolean): StatusCause[] {
  if (!h) return [];
  const kinds = (['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const).filter((k) => h[k]);
  if (kinds.length === 0) return [required(p, 'must specify a handler type')];
  if (kinds.length > 1) return [forbidden(`${p}.${kinds[1]}`, 'may not specify more than 1 handler type')];
  const causes: StatusCause[] = [];
  if (h.exec && !(h.exec.command ?? []).length) causes.push(required(`${p}.exec.command`));
  for (const k of ['httpGet', 'tcpSocket'] as const) {
    const port = h[k]?.port;
    if (h[k]) causes.push(...validatePortNumOrName(port, `${p}.${k}.port`));
  }
  if (h.httpGet) causes.push(...checkEnum(`${p}.httpGet.scheme`, h.httpGet.scheme, ['HTTP', 'HTTPS']));
  if (h.grpc) causes.push(...validatePortNumber(`${p}.grpc.port`, h.grpc.port));
  if (isProbe && h.sleep) causes.push(forbidden(`${p}.sleep`, 'sleep is only supported in lifecycle hooks'));
  return causes;
}

/** validatePortNumOrName checks an IntOrString port: 1–65535 or an IANA port name. */
export function validatePortNumOrName(port: number | string | undefined, field: string): StatusCause[] {
  if (port === undefined || port === '') return [required(field)];
  if (typeof port === 'number') return validatePortNumber(field, port);
  return validateString(field, port, isPortName);
}
