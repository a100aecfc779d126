import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';

/** revisionAnnotation numbers a Deployment's ReplicaSets, as the deployment controller writes it. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
/** changeCauseAnnotation is shown in `rollout history`. */
export const changeCauseAnnotation = 'kubernetes.io/change-cause';

/** Revision is one ReplicaSet of a Deployment's history. */
export interface Revision {
  revision: number;
  replicaSet: KubeObject & { spec?: { template?: KubeObject & { spec?: unknown } } };
}

/** deploymentRevisions lists the ReplicaSets a Deployment controls, oldest revision first. */
export async function deploymentRevisions(ctx: CliContext, deployment: KubeObject): Promise<Revision[]> {
  const list = await ctx.client.resource<Revision['replicaSet']>(Resources.replicasets).list(deployment.metadata.namespace);
  return list.items
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata.uid))
    .map((rs) => ({ revision: Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0), replicaSet: rs }))
    .filter((r) => r.revision > 0)
    .sort((a, b) => a.revision - b.revision);
}

/** templateForRollback returns an old ReplicaSet's pod template without the pod-template-hash label. */
export function templateForRollback(rs: Revision['replicaSet']): unknown {
  const template = structuredClone(rs.spec?.template ?? { metadata: {} });
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  return template;
}
