import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { KindSchema, Opt } from './schema-kit.ts';
import { PodSpecSchema, type PodSpec } from './pod-spec.ts';
import { PodPhases, PodStatusSchema, type PodStatus } from './pod-status.ts';
import { applyPodOnlyDefaults, applyPodSpecDefaults } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';
import { checkEnum, deepEqual, forbidden, invalid } from '../../validation/causes.ts';
import { validateIP } from '../../validation/network.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

// Re-exported so users import every pod-related type from pod.ts.
export * from './container.ts';
export * from './probe.ts';
export * from './volume.ts';
export * from './affinity.ts';
export * from './pod-spec.ts';
export * from './pod-status.ts';
export * from './object-reference.ts';
export * from './binding.ts';
export { applyPodSpecDefaults, applyPodTemplateDefaults, defaultPullPolicy } from './pod-defaults.ts';
export { validatePodSpec, validatePodTemplateSpec } from './pod-validation.ts';

/** PodSchema is a core/v1 Pod. */
export const PodSchema = KindSchema({ spec: PodSpecSchema, status: Opt(PodStatusSchema) });
export type Pod = Static<typeof PodSchema>;

const podSpecUpdateMessage =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * validatePodSpecUpdate enforces that a pod's spec is immutable except container images,
 * activeDeadlineSeconds (set or shortened), tolerations (additions) and scheduling-gate removal.
 */
export function validatePodSpecUpdate(spec: PodSpec, old: PodSpec): StatusCause[] {
  const causes: StatusCause[] = [];
  const masked: PodSpec = structuredClone(spec);
  for (const list of ['containers', 'initContainers'] as const) {
    (masked[list] ?? []).forEach((c, i) => {
      const before = old[list]?.[i];
      if (before && c.image) c.image = before.image;
    });
  }
  const ads = spec.activeDeadlineSeconds;
  if (old.activeDeadlineSeconds !== undefined) {
    if (ads === undefined) causes.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
    else if (ads > old.activeDeadlineSeconds) causes.push(invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value'));
  }
  masked.activeDeadlineSeconds = old.activeDeadlineSeconds;
  const oldTolerations = old.tolerations ?? [];
  const kept = oldTolerations.every((t) => (spec.tolerations ?? []).some((n) => deepEqual(n, t)));
  if (kept) masked.tolerations = old.tolerations;
  // Scheduling gates may only be removed.
  if ((spec.schedulingGates ?? []).every((g) => (old.schedulingGates ?? []).some((o) => o.name === g.name))) masked.schedulingGates = old.schedulingGates;
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && spec.terminationGracePeriodSeconds === 1) masked.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  if (!deepEqual(masked, old)) causes.push(forbidden('spec', podSpecUpdateMessage));
  return causes;
}

/** validatePodStatus checks what the kubelet and scheduler write: phase, IPs, QoS class. */
export function validatePodStatus(status: PodStatus | undefined): StatusCause[] {
  if (!status) return [];
  const causes = [...checkEnum('status.phase', status.phase, PodPhases), ...checkEnum('status.qosClass', status.qosClass, ['Guaranteed', 'Burstable', 'BestEffort'])];
  if (status.podIP) causes.push(...validateIP('status.podIP', status.podIP));
  if (status.hostIP) causes.push(...validateIP('status.hostIP', status.hostIP));
  (status.podIPs ?? []).forEach((p, i) => causes.push(...validateIP(`status.podIPs[${i}].ip`, p.ip)));
  const first = status.podIPs?.[0]?.ip;
  if (first && status.podIP && first !== status.podIP) causes.push(invalid('status.podIPs[0].ip', first, 'must be equal to status.podIP'));
  return causes;
}

/** podSelectableFields are the field-selector values of a pod besides metadata.name/namespace. */
export function podSelectableFields(pod: Pod): Record<string, string> {
  return {
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
    'status.phase': pod.status?.phase ?? '',
    'status.podIP': pod.status?.podIP ?? '',
    'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
  };
}

/** podDefinition is the KindDefinition of core/v1 Pod. */
export const podDefinition: KindDefinition<Pod> = {
  info: Resources.pods,
  schema: PodSchema,
  applyDefaults(pod) {
    pod.spec ??= { containers: [] };
    applyPodSpecDefaults(pod.spec);
    applyPodOnlyDefaults(pod.spec);
  },
  validate(pod) {
    return [...validateObjectMeta(pod.metadata, { namespaced: true }), ...validatePodSpec(pod.spec, 'spec'), ...validatePodStatus(pod.status)];
  },
  validateUpdate(pod, old) {
    return [
      ...validateObjectMeta(pod.metadata, { namespaced: true }),
      ...validateObjectMetaUpdate(pod.metadata, old.metadata),
      ...validatePodSpec(pod.spec, 'spec'),
      ...validatePodSpecUpdate(pod.spec ?? { containers: [] }, old.spec ?? { containers: [] }),
      ...validatePodStatus(pod.status),
    ];
  },
  selectableFields: podSelectableFields,
};
