/**
 * Strategic-merge-patch metadata for the built-in kinds: which list fields merge by which key,
 * which are merged sets of primitives, and which maps honour `$retainKeys`. It mirrors the
 * `patchStrategy` / `patchMergeKey` struct tags of Kubernetes' API types; a list not named here is
 * atomic (replaced whole), as in Kubernetes (tolerations, node taints, args, envFrom…).
 */

/** FieldMeta is the patch metadata of one field of a struct. */
export interface FieldMeta {
  /** Struct type of the field (for maps) or of the list's elements. */
  type?: string;
  /** The list merges instead of being replaced (patchStrategy merge). */
  merge?: boolean;
  /** Key identifying elements of a merged list of maps (patchMergeKey). */
  mergeKey?: string;
  /** The field's map (or each element, for lists) drops keys missing from `$retainKeys`. */
  retainKeys?: boolean;
}

/** StructMeta maps field names of one struct type to their patch metadata. */
export type StructMeta = Record<string, FieldMeta>;

const byName = (type?: string): FieldMeta => ({ merge: true, mergeKey: 'name', ...(type ? { type } : {}) });
const byType: FieldMeta = { merge: true, mergeKey: 'type' };
const withConditions = (extra: StructMeta = {}): StructMeta => ({ conditions: byType, ...extra });

/** structs is the table of struct types that hold merged lists, retainKeys maps, or such structs. */
export const structs: Record<string, StructMeta> = {
  ObjectMeta: { ownerReferences: { merge: true, mergeKey: 'uid' }, finalizers: { merge: true } },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { merge: true, mergeKey: 'name', retainKeys: true },
    initContainers: byName('Container'),
    containers: byName('Container'),
    ephemeralContainers: byName('Container'),
    imagePullSecrets: byName(),
    hostAliases: { merge: true, mergeKey: 'ip' },
    topologySpreadConstraints: { merge: true, mergeKey: 'topologyKey' },
    schedulingGates: byName(),
    resourceClaims: { merge: true, mergeKey: 'name', retainKeys: true },
  },
  Container: {
    ports: { merge: true, mergeKey: 'containerPort' },
    env: byName(),
    volumeMounts: { merge: true, mergeKey: 'mountPath' },
    volumeDevices: { merge: true, mergeKey: 'devicePath' },
  },
  PodStatus: withConditions({ podIPs: { merge: true, mergeKey: 'ip' }, hostIPs: { merge: true, mergeKey: 'ip' }, resourceClaimStatuses: byName() }),
  ConditionsStatus: withConditions(),
  TemplateSpec: { template: { type: 'PodTemplateSpec' } },
  DeploymentSpec: { template: { type: 'PodTemplateSpec' }, strategy: { retainKeys: true } },
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'TemplateSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  ServiceSpec: { ports: { merge: true, mergeKey: 'port' } },
  NodeSpec: { podCIDRs: { merge: true } },
  NodeStatus: withConditions({ addresses: byType }),
  ServiceAccount: { metadata: { type: 'ObjectMeta' }, secrets: byName() },
};

/** kindSpec names the struct types of a kind's spec and status (metadata is always ObjectMeta). */
const kindSpec: Record<string, { spec?: string; status?: string; extra?: StructMeta }> = {
  Pod: { spec: 'PodSpec', status: 'PodStatus' },
  PodTemplate: { extra: { template: { type: 'PodTemplateSpec' } } },
  ReplicationController: { spec: 'TemplateSpec', status: 'ConditionsStatus' },
  Deployment: { spec: 'DeploymentSpec', status: 'ConditionsStatus' },
  ReplicaSet: { spec: 'TemplateSpec', status: 'ConditionsStatus' },
  DaemonSet: { spec: 'TemplateSpec', status: 'ConditionsStatus' },
  StatefulSet: { spec: 'TemplateSpec', status: 'ConditionsStatus' },
  Job: { spec: 'TemplateSpec', status: 'ConditionsStatus' },
  CronJob: { spec: 'CronJobSpec' },
  Service: { spec: 'ServiceSpec', status: 'ConditionsStatus' },
  Node: { spec: 'NodeSpec', status: 'NodeStatus' },
  Namespace: { status: 'ConditionsStatus' },
  PersistentVolumeClaim: { status: 'ConditionsStatus' },
  HorizontalPodAutoscaler: { status: 'ConditionsStatus' },
  ServiceAccount: { extra: { secrets: byName() } },
};

/** rootStruct returns the patch metadata of a kind's top level (any kind gets ObjectMeta). */
export function rootStruct(kind: string): StructMeta {
  const k = kindSpec[kind] ?? {};
  return {
    metadata: { type: 'ObjectMeta' },
    ...(k.spec ? { spec: { type: k.spec } } : {}),
    ...(k.status ? { status: { type: k.status } } : {}),
    ...(k.extra ?? {}),
  };
}

/** fieldMeta looks up the patch metadata of field `name` in struct `meta` (undefined = plain). */
export function fieldMeta(meta: StructMeta | undefined, name: string): FieldMeta | undefined {
  return meta?.[name];
}

/** structOf returns the StructMeta of a field's type (its map, or its list's elements). */
export function structOf(field: FieldMeta | undefined): StructMeta | undefined {
  return field?.type ? structs[field.type] : undefined;
}

/** hasStrategicMeta tells whether Skiff knows the kind's patch metadata (built-in kinds). */
export function isBuiltinKind(kind: string): boolean {
  return kind in kindSpec || ['ConfigMap', 'Secret', 'Endpoints', 'Event', 'Lease', 'Ingress', 'ResourceQuota', 'LimitRange', 'PersistentVolume', 'ControllerRevision'].includes(kind);
}
