import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition, IntOrString } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, KindSchema, Obj, Opt, Str, StrArr, StrMap } from './schema-kit.ts';
import { checkEnum, duplicate, forbidden, invalid, required } from '../../validation/causes.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, validateString } from '../../validation/names.ts';
import { validateLabels } from '../../validation/labels.ts';
import { validateIP } from '../../validation/network.ts';
import { validatePortNumber, validateProtocol } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validatePortNumOrName } from './container-validation.ts';

/** ServicePortSchema is one port a Service exposes and where it forwards to. */
export const ServicePortSchema = Obj({
  name: Opt(Str()),
  protocol: Opt(Str()),
  appProtocol: Opt(Str()),
  port: Int(),
  targetPort: Opt(IntOrString),
  nodePort: Opt(Int()),
});
export type ServicePort = Static<typeof ServicePortSchema>;

/** ServiceSpecSchema is the desired state of a Service. */
export const ServiceSpecSchema = Obj({
  ports: Opt(Arr(ServicePortSchema)),
  selector: Opt(StrMap()),
  clusterIP: Opt(Str()),
  clusterIPs: Opt(StrArr()),
  type: Opt(Str()),
  externalIPs: Opt(StrArr()),
  sessionAffinity: Opt(Str()),
  loadBalancerIP: Opt(Str()),
  loadBalancerSourceRanges: Opt(StrArr()),
  externalName: Opt(Str()),
  externalTrafficPolicy: Opt(Str()),
  healthCheckNodePort: Opt(Int()),
  publishNotReadyAddresses: Opt(Bool()),
  sessionAffinityConfig: Opt(Obj({ clientIP: Opt(Obj({ timeoutSeconds: Opt(Int()) })) })),
  ipFamilies: Opt(StrArr()),
  ipFamilyPolicy: Opt(Str()),
  allocateLoadBalancerNodePorts: Opt(Bool()),
  loadBalancerClass: Opt(Str()),
  internalTrafficPolicy: Opt(Str()),
  trafficDistribution: Opt(Str()),
});
export type ServiceSpec = Static<typeof ServiceSpecSchema>;

/** LoadBalancerIngressSchema is one address of a LoadBalancer Service (or Ingress). */
export const LoadBalancerIngressSchema = Obj({
  ip: Opt(Str()),
  hostname: Opt(Str()),
  ipMode: Opt(Str()),
  ports: Opt(Arr(Obj({ port: Int(), protocol: Str(), error: Opt(Str()) }))),
});

/** ServiceStatusSchema carries the load balancer's addresses. */
export const ServiceStatusSchema = Obj({
  loadBalancer: Opt(Obj({ ingress: Opt(Arr(LoadBalancerIngressSchema)) })),
  conditions: Opt(Arr(Condition)),
});

/** ServiceSchema is a core/v1 Service. */
export const ServiceSchema = KindSchema({ spec: Opt(ServiceSpecSchema), status: Opt(ServiceStatusSchema) });
export type Service = Static<typeof ServiceSchema>;

/** ServiceTypes are the values of spec.type. */
export const ServiceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

/** applyServiceDefaults fills Kubernetes' Service defaults in place. */
export function applyServiceDefaults(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.type ||= 'ClusterIP';
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = (spec.sessionAffinityConfig ??= {});
    cfg.clientIP ??= {};
    cfg.clientIP.timeoutSeconds ??= 10800;
  }
  for (const p of spec.ports ?? []) {
    p.protocol ||= 'TCP';
    // An unset, 0 or empty targetPort means "the same as port".
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type === 'ExternalName') return;
  spec.internalTrafficPolicy ||= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ||= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
  spec.ipFamilyPolicy ||= 'SingleStack';
  spec.ipFamilies ??= ['IPv4'];
}

function validatePorts(spec: ServiceSpec): StatusCause[] {
  const causes: StatusCause[] = [];
  const ports = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && spec.type !== 'ExternalName' && !headless) causes.push(required('spec.ports'));
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, i) => {
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) causes.push(required(`${p}.name`));
    if (port.name) {
      // Service port names are DNS-1123 labels (e.g. "80-8080"); only container port names must hold a letter.
      causes.push(...validateString(`${p}.name`, port.name, isDNS1123Label));
      if (names.has(port.name)) causes.push(duplicate(`${p}.name`, port.name));
      names.add(port.name);
    }
    causes.push(...validatePortNumber(`${p}.port`, port.port));
    causes.push(...validateProtocol(`${p}.protocol`, port.protocol));
    if (port.targetPort !== undefined && port.targetPort !== 0) causes.push(...validatePortNumOrName(port.targetPort, `${p}.targetPort`));
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (keys.has(key)) causes.push(duplicate(p, { port: port.port, protocol: port.protocol ?? 'TCP' }));
    keys.add(key);
    if (port.nodePort) {
      if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') causes.push(forbidden(`${p}.nodePort`, `may not be used when \`type\` is '${spec.type}'`));
      else causes.push(...validatePortNumber(`${p}.nodePort`, port.nodePort));
    }
  });
  return causes;
}

function validateServiceSpec(spec: ServiceSpec): StatusCause[] {
  const causes = checkEnum('spec.type', spec.type, ServiceTypes, true);
  causes.push(...checkEnum('spec.sessionAffinity', spec.sessionAffinity, ['None', 'ClientIP'], true));
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (spec.sessionAffinity === 'ClientIP' && timeout !== undefined && (timeout < 1 || timeout > 86400)) {
    causes.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
  }
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) causes.push(required('spec.externalName'));
    else causes.push(...validateString('spec.externalName', spec.externalName.replace(/\.$/, ''), isDNS1123Subdomain));
    if (spec.clusterIP && spec.clusterIP !== 'None') causes.push(forbidden('spec.clusterIP', 'may not be set for ExternalName services'));
  }
  if (spec.clusterIP && spec.clusterIP !== 'None') causes.push(...validateIP('spec.clusterIP', spec.clusterIP));
  (spec.clusterIPs ?? []).forEach((ip, i) => {
    if (ip !== 'None') causes.push(...validateIP(`spec.clusterIPs[${i}]`, ip));
  });
  if (spec.clusterIP && spec.clusterIPs?.length && spec.clusterIPs[0] !== spec.clusterIP) {
    causes.push(invalid('spec.clusterIPs', spec.clusterIPs, 'first value must match `clusterIP`'));
  }
  (spec.externalIPs ?? []).forEach((ip, i) => causes.push(...validateIP(`spec.externalIPs[${i}]`, ip)));
  causes.push(...validateLabels('spec.selector', spec.selector));
  if (spec.externalTrafficPolicy !== undefined) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') causes.push(...checkEnum('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
    else causes.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\''));
  }
  causes.push(...checkEnum('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  causes.push(...validatePorts(spec));
  return causes;
}

function validateService(svc: Service): StatusCause[] {
  return [...validateObjectMeta(svc.metadata, { namespaced: true, nameValidator: isDNS1035Label }), ...validateServiceSpec(svc.spec ?? {})];
}

/**
 * validateServiceUpdate keeps an allocated clusterIP: it may not change once set, except
 * when the Service becomes ExternalName (which releases it). The REST layer copies the old
 * clusterIP into an update that omits it before validating, as Kubernetes does.
 */
export function validateServiceUpdate(svc: Service, old: Service): StatusCause[] {
  const causes = [...validateService(svc), ...validateObjectMetaUpdate(svc.metadata, old.metadata)];
  const oldIP = old.spec?.clusterIP;
  const newIP = svc.spec?.clusterIP;
  if (oldIP && svc.spec?.type !== 'ExternalName' && newIP !== oldIP) causes.push(invalid('spec.clusterIP', newIP ?? '', 'field is immutable'));
  return causes;
}

/** serviceDefinition is the KindDefinition of core/v1 Service. */
export const serviceDefinition: KindDefinition<Service> = {
  info: Resources.services,
  schema: ServiceSchema,
  applyDefaults: applyServiceDefaults,
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  selectableFields: (svc) => ({ 'spec.clusterIP': svc.spec?.clusterIP ?? '', 'spec.type': svc.spec?.type ?? '' }),
};
