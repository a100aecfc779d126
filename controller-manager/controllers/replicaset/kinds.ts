import type { PodTemplateSpec } from '../../../api/core/v1/pod.ts';
import type { KubeObject, LabelSelector } from '../../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../../api/resource-info.ts';
import { Resources } from '../../../api/resources.ts';
import type { ReplicaStatus } from './replica-status.ts';

/** ReplicatedObject is the shape ReplicaSet and ReplicationController share. */
export interface ReplicatedObject extends KubeObject {
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelector | Record<string, string>;
    template?: PodTemplateSpec;
  };
  status?: ReplicaStatus;
}

/** ReplicatedKind tells the controller which kind it manages. */
export interface ReplicatedKind {
  controllerName: string;
  info: ResourceInfo;
  apiVersion: string;
  kind: string;
  /** selectorOf returns the structured selector (ReplicationController uses a plain map). */
  selectorOf(obj: ReplicatedObject): LabelSelector | undefined;
}

/** replicaSetKind: apps/v1 ReplicaSet. */
export const replicaSetKind: ReplicatedKind = {
  controllerName: 'replicaset-controller',
  info: Resources.replicasets,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  selectorOf: (o) => o.spec?.selector as LabelSelector | undefined,
};

/** replicationControllerKind: v1 ReplicationController (selector is a map, defaulting to the template labels). */
export const replicationControllerKind: ReplicatedKind = {
  controllerName: 'replication-controller',
  info: Resources.replicationcontrollers,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  selectorOf: (o) => {
    const m = (o.spec?.selector as Record<string, string> | undefined) ?? o.spec?.template?.metadata?.labels;
    return m && Object.keys(m).length ? { matchLabels: m } : undefined;
  },
};
