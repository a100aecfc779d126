/** Small object builders for controller unit tests. */
import type { Pod } from '../../api/core/v1/pod.ts';
import type { KubeObject, OwnerReference } from '../../api/meta/v1/object-meta.ts';

/** podFixture builds a pod; `ready` adds a Ready=True condition and Running phase. */
export function podFixture(name: string, opts: {
  ns?: string; labels?: Record<string, string>; owner?: KubeObject & { kind?: string; apiVersion?: string };
  node?: string; phase?: string; ready?: boolean; readySince?: string; created?: string; restarts?: number; ip?: string; deleting?: string;
} = {}): Pod {
  const owner: OwnerReference[] | undefined = opts.owner
    ? [{ apiVersion: opts.owner.apiVersion ?? 'apps/v1', kind: opts.owner.kind ?? 'ReplicaSet', name: opts.owner.metadata.name ?? '', uid: opts.owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }]
    : undefined;
  const phase = opts.phase ?? (opts.ready ? 'Running' : 'Pending');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.ns ?? 'default',
      labels: opts.labels ?? { app: 'web' },
      ...(owner ? { ownerReferences: owner } : {}),
      ...(opts.created ? { creationTimestamp: opts.created } : {}),
      ...(opts.deleting ? { deletionTimestamp: opts.deleting } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'img', ports: [{ name: 'http', containerPort: 8080 }] }], ...(opts.node ? { nodeName: opts.node } : {}) },
    status: {
      phase,
      ...(opts.ip ? { podIP: opts.ip } : {}),
      conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False', lastTransitionTime: opts.readySince ?? '2025-12-31T00:00:00Z' }],
      containerStatuses: [{ name: 'c', image: 'img', imageID: '', ready: !!opts.ready, restartCount: opts.restarts ?? 0 }],
    },
  } as unknown as Pod;
}
