import type { NodeSelectorRequirement, NodeSelectorTerm, Toleration } from '../../../api/core/v1/affinity.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod, PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import type { OwnerReference } from '../../../api/meta/v1/object-meta.ts';
import { podFromTemplate } from '../../util/pod-template.ts';
import { tolerates } from '../../util/taints.ts';

/** DefaultDaemonTolerations are added to every daemon pod, as Kubernetes does. */
export const DefaultDaemonTolerations: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && vals.includes(value);
    case 'NotIn': return value === undefined || !vals.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': return value !== undefined && Number(value) > Number(vals[0]);
    case 'Lt': return value !== undefined && Number(value) < Number(vals[0]);
    default: return false;
  }
}

function termMatches(t: NodeSelectorTerm, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = t.matchExpressions ?? [], fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return exprs.every((r) => requirementMatches(r, labels[r.key])) && fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined));
}

/**
 * nodeShouldRunDaemonPod: the node matches the template's nodeSelector and required node
 * affinity, and every NoSchedule/NoExecute taint is tolerated (defaults included).
 */
export function nodeShouldRunDaemonPod(node: Node, template: PodTemplateSpec): boolean {
  const spec = template.spec;
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => termMatches(t, node))) return false;
  const tolerations = [...(spec.tolerations ?? []), ...DefaultDaemonTolerations];
  return (node.spec?.taints ?? []).every((taint) => taint.effect === 'PreferNoSchedule' || tolerations.some((t) => tolerates(t, taint)));
}

/**
 * newDaemonPod builds the pod for one node: the template, the revision hash label, the default
 * tolerations, and required node affinity `metadata.name In [node]` so the scheduler places it.
 */
export function newDaemonPod(template: PodTemplateSpec, namespace: string, dsName: string, ref: OwnerReference, hash: string, nodeName: string): Pod {
  const pod = podFromTemplate(template, namespace, `${dsName}-`, ref);
  pod.metadata.labels = { ...pod.metadata.labels, 'controller-revision-hash': hash };
  const have = pod.spec.tolerations ?? [];
  pod.spec.tolerations = [...have, ...DefaultDaemonTolerations.filter((d) => !have.some((t) => t.key === d.key && t.effect === d.effect))];
  pod.spec.affinity = {
    ...pod.spec.affinity,
    nodeAffinity: {
      ...pod.spec.affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] },
    },
  };
  return pod;
}

/** targetNodeOf returns the node a daemon pod runs on or is meant for. */
export function targetNodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const f = t.matchFields?.find((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (f?.values?.length === 1) return f.values[0];
  }
  return undefined;
}
