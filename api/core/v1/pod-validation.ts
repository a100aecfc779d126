import type { StatusCause } from '../../meta/v1/status.ts';
import type { PodSpec, PodTemplateSpec } from './pod-spec.ts';
import type { Volume } from './volume.ts';
import type { Toleration, Affinity, TopologySpreadConstraint, NodeSelectorTerm } from './affinity.ts';
import { checkEnum, duplicate, forbidden, invalid, nonNegative, required } from '../../validation/causes.ts';
import { isDNS1123Label, isDNS1123Subdomain, validateRequiredString, validateString } from '../../validation/names.ts';
import { isValidLabelValue, validateLabelName, validateLabels, validateLabelSelector, validateAnnotations } from '../../validation/labels.ts';
import { DNSPolicies, RestartPolicies } from './pod-spec.ts';
import { volumeSourceNames } from './volume.ts';
import { TaintEffects } from './affinity.ts';
import { validateContainers, validateFieldPath, validateLocalPath, type ContainerContext } from './container-validation.ts';

/** validatePodSpec checks a pod spec as Kubernetes' ValidatePodSpec does (pods and templates). */
export function validatePodSpec(spec: PodSpec | undefined, path: string): StatusCause[] {
  const s = spec ?? ({} as Partial<PodSpec>);
  const causes: StatusCause[] = [];
  const volumes = validateVolumes(s.volumes ?? [], `${path}.volumes`, causes);
  const ctx: ContainerContext = { volumes, names: new Set(), isInit: true };
  causes.push(...validateContainers(s.initContainers ?? [], `${path}.initContainers`, ctx));
  if (!s.containers?.length) causes.push(required(`${path}.containers`));
  causes.push(...validateContainers(s.containers ?? [], `${path}.containers`, { ...ctx, isInit: false }));
  causes.push(...checkEnum(`${path}.restartPolicy`, s.restartPolicy, RestartPolicies, true));
  causes.push(...checkEnum(`${path}.dnsPolicy`, s.dnsPolicy, DNSPolicies, true));
  if (s.dnsPolicy === 'None' && !s.dnsConfig) causes.push(required(`${path}.dnsConfig`, 'must provide `dnsConfig` when `dnsPolicy` is None'));
  causes.push(...nonNegative(`${path}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds));
  if (s.activeDeadlineSeconds !== undefined && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 2147483647)) {
    causes.push(invalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  causes.push(...validateLabels(`${path}.nodeSelector`, s.nodeSelector));
  if (s.nodeName) causes.push(...validateString(`${path}.nodeName`, s.nodeName, isDNS1123Subdomain));
  if (s.serviceAccountName) causes.push(...validateString(`${path}.serviceAccountName`, s.serviceAccountName, isDNS1123Subdomain));
  if (s.hostname) causes.push(...validateString(`${path}.hostname`, s.hostname, isDNS1123Label));
  if (s.subdomain) causes.push(...validateString(`${path}.subdomain`, s.subdomain, isDNS1123Label));
  (s.imagePullSecrets ?? []).forEach((r, i) => {
    if (!r.name) causes.push(required(`${path}.imagePullSecrets[${i}].name`));
  });
  (s.tolerations ?? []).forEach((t, i) => causes.push(...validateToleration(t, `${path}.tolerations[${i}]`)));
  causes.push(...validateAffinity(s.affinity, `${path}.affinity`));
  (s.topologySpreadConstraints ?? []).forEach((c, i) => causes.push(...validateSpread(c, `${path}.topologySpreadConstraints[${i}]`)));
  causes.push(...validateHostPorts(s, path));
  return causes;
}

// Pods on one node cannot share a host port+protocol; with hostNetwork it equals containerPort.
function validateHostPorts(s: Partial<PodSpec>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  (s.containers ?? []).forEach((c, ci) =>
    (c.ports ?? []).forEach((port, pi) => {
      const p = `${path}.containers[${ci}].ports[${pi}]`;
      if (s.hostNetwork && port.hostPort !== undefined && port.hostPort !== port.containerPort) {
        causes.push(invalid(`${p}.hostPort`, port.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
      if (!port.hostPort) return;
      const key = `${port.hostPort}/${port.protocol ?? 'TCP'}`;
      if (seen.has(key)) causes.push(duplicate(`${p}.hostPort`, key));
      seen.add(key);
    }),
  );
  return causes;
}

function validateVolumes(volumes: Volume[], path: string, causes: StatusCause[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = `${path}[${i}]`;
    causes.push(...validateRequiredString(`${p}.name`, v.name, isDNS1123Label));
    if (v.name && names.has(v.name)) causes.push(duplicate(`${p}.name`, v.name));
    if (v.name) names.add(v.name);
    const sources = volumeSourceNames.filter((k) => v[k] !== undefined);
    if (sources.length === 0) causes.push(required(p, 'must specify a volume type'));
    if (sources.length > 1) causes.push(forbidden(`${p}.${sources[1]}`, 'may not specify more than 1 volume type'));
    causes.push(...validateVolumeSource(v, p));
  });
  return names;
}

function validateVolumeSource(v: Volume, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (v.hostPath && !v.hostPath.path) causes.push(required(`${p}.hostPath.path`));
  if (v.hostPath) causes.push(...checkEnum(`${p}.hostPath.type`, v.hostPath.type || undefined, ['DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']));
  if (v.emptyDir) causes.push(...checkEnum(`${p}.emptyDir.medium`, v.emptyDir.medium || undefined, ['Memory', 'HugePages']));
  if (v.secret) causes.push(...validateRequiredString(`${p}.secret.secretName`, v.secret.secretName, isDNS1123Subdomain));
  if (v.configMap) causes.push(...validateRequiredString(`${p}.configMap.name`, v.configMap.name, isDNS1123Subdomain));
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) causes.push(required(`${p}.persistentVolumeClaim.claimName`));
  const itemLists: [string, { path: string }[] | undefined][] = [
    [`${p}.configMap.items`, v.configMap?.items],
    [`${p}.secret.items`, v.secret?.items],
    [`${p}.downwardAPI.items`, v.downwardAPI?.items],
  ];
  (v.projected?.sources ?? []).forEach((s, i) => {
    itemLists.push([`${p}.projected.sources[${i}].configMap.items`, s.configMap?.items]);
    itemLists.push([`${p}.projected.sources[${i}].secret.items`, s.secret?.items]);
    itemLists.push([`${p}.projected.sources[${i}].downwardAPI.items`, s.downwardAPI?.items]);
    if (s.configMap) causes.push(...validateRequiredString(`${p}.projected.sources[${i}].configMap.name`, s.configMap.name, isDNS1123Subdomain));
    if (s.secret) causes.push(...validateRequiredString(`${p}.projected.sources[${i}].secret.name`, s.secret.name, isDNS1123Subdomain));
    if (s.serviceAccountToken) causes.push(...validateLocalPath(s.serviceAccountToken.path ?? '', `${p}.projected.sources[${i}].serviceAccountToken.path`));
  });
  for (const [field, items] of itemLists) {
    (items ?? []).forEach((item, i) => {
      if (!item.path) causes.push(required(`${field}[${i}].path`));
      else causes.push(...validateLocalPath(item.path, `${field}[${i}].path`));
    });
  }
  (v.downwardAPI?.items ?? []).forEach((item, i) => {
    if (item.fieldRef) causes.push(...validateFieldPath(item.fieldRef.fieldPath, `${p}.downwardAPI.items[${i}].fieldRef.fieldPath`));
  });
  return causes;
}

/** validateToleration checks one toleration's key, operator, value and effect. */
export function validateToleration(t: Toleration, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (t.key) causes.push(...validateLabelName(`${p}.key`, t.key));
  if (!t.key && t.operator !== 'Exists') {
    causes.push(invalid(`${p}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  }
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
    causes.push(invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  }
  if (t.operator === 'Exists' && t.value) causes.push(invalid(`${p}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
  else if (t.operator === undefined || t.operator === 'Equal') {
    for (const m of isValidLabelValue(t.value ?? '')) causes.push(invalid(`${p}.value`, t.value, m));
  } else if (t.operator !== 'Exists') causes.push(...checkEnum(`${p}.operator`, t.operator, ['Equal', 'Exists']));
  causes.push(...checkEnum(`${p}.effect`, t.effect || undefined, TaintEffects));
  return causes;
}

const nodeSelectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function validateNodeSelectorTerm(term: NodeSelectorTerm, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const list of ['matchExpressions', 'matchFields'] as const) {
    (term[list] ?? []).forEach((r, i) => {
      const rp = `${p}.${list}[${i}]`;
      causes.push(...checkEnum(`${rp}.operator`, r.operator, nodeSelectorOperators, true));
      const n = (r.values ?? []).length;
      if ((r.operator === 'In' || r.operator === 'NotIn') && n === 0) causes.push(required(`${rp}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
      if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && n > 0) causes.push(forbidden(`${rp}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
      if ((r.operator === 'Gt' || r.operator === 'Lt') && n !== 1) causes.push(required(`${rp}.values`, 'must be specified single value when `operator` is \'Lt\' or \'Gt\''));
      if (list === 'matchExpressions') causes.push(...validateLabelName(`${rp}.key`, r.key ?? ''));
    });
  }
  return causes;
}

function validateAffinity(a: Affinity | undefined, p: string): StatusCause[] {
  if (!a) return [];
  const causes: StatusCause[] = [];
  const na = a.nodeAffinity;
  const req = na?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) {
    const tp = `${p}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    if (!(req.nodeSelectorTerms ?? []).length) causes.push(required(tp, 'must have at least one node selector term'));
    (req.nodeSelectorTerms ?? []).forEach((t, i) => causes.push(...validateNodeSelectorTerm(t, `${tp}[${i}]`)));
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const tp = `${p}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    causes.push(...validateWeight(t.weight, `${tp}.weight`), ...validateNodeSelectorTerm(t.preference ?? {}, `${tp}.preference`));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = a[kind];
    (pa?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = `${p}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!t.topologyKey) causes.push(required(`${tp}.topologyKey`, 'can not be empty'));
      causes.push(...validateLabelSelector(`${tp}.labelSelector`, t.labelSelector));
    });
    (pa?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = `${p}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      causes.push(...validateWeight(t.weight, `${tp}.weight`));
      if (!t.podAffinityTerm?.topologyKey) causes.push(required(`${tp}.podAffinityTerm.topologyKey`, 'can not be empty'));
    });
  }
  return causes;
}

function validateWeight(w: number, field: string): StatusCause[] {
  return w >= 1 && w <= 100 ? [] : [invalid(field, w, 'must be in the range 1-100')];
}

function validateSpread(c: TopologySpreadConstraint, p: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!(c.maxSkew > 0)) causes.push(invalid(`${p}.maxSkew`, c.maxSkew, 'must be greater than zero'));
  if (!c.topologyKey) causes.push(required(`${p}.topologyKey`, 'can not be empty'));
  causes.push(...checkEnum(`${p}.whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'], true));
  causes.push(...validateLabelSelector(`${p}.labelSelector`, c.labelSelector));
  return causes;
}

/**
 * validatePodTemplateSpec checks a workload's pod template: labels, annotations and spec.
 * Templates carry no name or namespace of their own.
 */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string): StatusCause[] {
  if (!t) return [required(path)];
  return [
    ...validateLabels(`${path}.metadata.labels`, t.metadata?.labels),
    ...validateAnnotations(`${path}.metadata.annotations`, t.metadata?.annotations),
    ...validatePodSpec(t.spec, `${path}.spec`),
  ];
}
