import type { StatefulSet } from '../../../api/apps/v1/statefulset.ts';
import type { PersistentVolumeClaim } from '../../../api/core/v1/persistentvolumeclaim.ts';
import type { Pod, PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import { newControllerRef } from '../../util/keys.ts';
import { podFromTemplate } from '../../util/pod-template.ts';

/** Labels Kubernetes puts on StatefulSet pods. */
export const RevisionLabel = 'controller-revision-hash';
export const PodNameLabel = 'statefulset.kubernetes.io/pod-name';
export const PodIndexLabel = 'apps.kubernetes.io/pod-index';

/** ordinalOf parses `<set>-<ordinal>`; -1 when the name does not belong to the set. */
export function ordinalOf(set: StatefulSet, pod: Pod): number {
  const prefix = `${set.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : -1;
}

/** claimName is `<claim template>-<set>-<ordinal>`. */
export function claimName(template: string, set: StatefulSet, ordinal: number): string {
  return `${template}-${set.metadata.name}-${ordinal}`;
}

/**
 * newStatefulPod builds pod `<set>-<ordinal>`: hostname and subdomain (the governing service)
 * for stable DNS, identity labels, the revision label and one PVC volume per claim template.
 */
export function newStatefulPod(set: StatefulSet, template: PodTemplateSpec, ordinal: number, revision: string): Pod {
  const name = `${set.metadata.name}-${ordinal}`;
  const ns = set.metadata.namespace ?? 'default';
  const pod = podFromTemplate(template, ns, '', newControllerRef(set, 'apps/v1', 'StatefulSet'));
  delete pod.metadata.generateName;
  pod.metadata.name = name;
  pod.metadata.labels = { ...pod.metadata.labels, [RevisionLabel]: revision, [PodNameLabel]: name, [PodIndexLabel]: String(ordinal) };
  pod.spec.hostname = name;
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
  const claims = set.spec.volumeClaimTemplates ?? [];
  if (claims.length) {
    const names = new Set(claims.map((c) => c.metadata?.name));
    pod.spec.volumes = [
      ...(pod.spec.volumes ?? []).filter((v) => !names.has(v.name)),
      ...claims.map((c) => ({ name: c.metadata?.name ?? '', persistentVolumeClaim: { claimName: claimName(c.metadata?.name ?? '', set, ordinal) } })),
    ] as never;
  }
  return pod;
}

/** newClaims builds the PVCs of one ordinal, labelled with the set's selector labels. */
export function newClaims(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(t.metadata?.name ?? '', set, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...t.metadata?.labels, ...set.spec.selector.matchLabels },
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
    },
    spec: structuredClone(t.spec),
  }) as PersistentVolumeClaim);
}
