import { buildTable, type MessageTable } from './schema.ts';
import { META_MESSAGES } from './schema-meta.ts';
import { CORE_POD_MESSAGES } from './schema-core-pod.ts';
import { CORE_VOLUME_MESSAGES } from './schema-core-volume.ts';
import { CORE_OTHER_MESSAGES } from './schema-core-other.ts';
import { GROUP_MESSAGES } from './schema-groups.ts';

/** MESSAGES is every message the protobuf decoder knows, checked for dangling references at load. */
export const MESSAGES: MessageTable = buildTable(META_MESSAGES, CORE_POD_MESSAGES, CORE_VOLUME_MESSAGES, CORE_OTHER_MESSAGES, GROUP_MESSAGES);

/** TOP_LEVEL_KINDS are the kinds a protobuf request body may carry; the message has the kind's name. */
const TOP_LEVEL_KINDS = new Set([
  'Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Pod', 'PodTemplate', 'Binding', 'Endpoints',
  'Event', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange', 'ReplicationController',
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision', 'Job', 'CronJob',
  'HorizontalPodAutoscaler', 'Scale', 'Eviction', 'PodDisruptionBudget', 'Ingress', 'Lease', 'TokenRequest',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'CertificateSigningRequest', 'DeleteOptions',
]);

/** BY_VERSION overrides the message for kinds whose shape differs between versions. */
const BY_VERSION: Record<string, string> = {
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
};

/** messageForKind returns the message that encodes apiVersion/kind, or undefined when it has none. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  const versioned = BY_VERSION[`${apiVersion}/${kind}`];
  if (versioned) return versioned;
  return TOP_LEVEL_KINDS.has(kind) ? kind : undefined;
}
