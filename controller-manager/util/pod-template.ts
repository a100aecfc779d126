import type { Pod, PodTemplateSpec } from '../../api/core/v1/pod.ts';
import type { OwnerReference } from '../../api/meta/v1/object-meta.ts';

/**
 * podFromTemplate builds a new pod from a controller's pod template (Kubernetes'
 * GetPodFromTemplate): template labels, annotations and spec, `generateName` `<owner>-` so the
 * API server adds 5 random characters, and the controller ownerReference.
 */
export function podFromTemplate(template: PodTemplateSpec, namespace: string, generateName: string, ref: OwnerReference): Pod {
  const t = structuredClone(template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace,
      labels: t.metadata?.labels ?? {},
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ...(t.metadata?.finalizers ? { finalizers: t.metadata.finalizers } : {}),
      ownerReferences: [ref],
    },
    spec: t.spec,
  } as Pod;
}
