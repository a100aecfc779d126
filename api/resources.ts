import type { ResourceInfo } from './resource-info.ts';

function info(
  group: string,
  version: string,
  kind: string,
  resource: string,
  namespaced: boolean,
  shortNames: string[] = [],
  subresources: string[] = ['status'],
  categories: string[] = [],
): ResourceInfo {
  return { group, version, kind, listKind: `${kind}List`, resource, singular: kind.toLowerCase(), namespaced, shortNames, subresources, categories };
}

/**
 * Resources is the table of every REST resource Skiff serves, keyed by plural name. It is the
 * one place REST names live: kind files, the API server's routes and discovery, the client's
 * paths and skiffctl's name resolution all read it.
 */
export const Resources = {
  namespaces: info('', 'v1', 'Namespace', 'namespaces', false, ['ns'], ['status', 'finalize']),
  nodes: info('', 'v1', 'Node', 'nodes', false, ['no'], ['status', 'proxy']),
  pods: info('', 'v1', 'Pod', 'pods', true, ['po'], ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'ephemeralcontainers'], ['all']),
  services: info('', 'v1', 'Service', 'services', true, ['svc'], ['status', 'proxy'], ['all']),
  endpoints: info('', 'v1', 'Endpoints', 'endpoints', true, ['ep'], []),
  configmaps: info('', 'v1', 'ConfigMap', 'configmaps', true, ['cm'], []),
  secrets: info('', 'v1', 'Secret', 'secrets', true, [], []),
  serviceaccounts: info('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa'], ['token']),
  events: info('', 'v1', 'Event', 'events', true, ['ev'], []),
  persistentvolumes: info('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv']),
  persistentvolumeclaims: info('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']),
  resourcequotas: info('', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota']),
  limitranges: info('', 'v1', 'LimitRange', 'limitranges', true, ['limits'], []),
  replicationcontrollers: info('', 'v1', 'ReplicationController', 'replicationcontrollers', true, ['rc'], ['status', 'scale'], ['all']),
  deployments: info('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], ['status', 'scale'], ['all']),
  replicasets: info('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], ['status', 'scale'], ['all']),
  daemonsets: info('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], ['status'], ['all']),
  statefulsets: info('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], ['status', 'scale'], ['all']),
  controllerrevisions: info('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true, [], []),
  jobs: info('batch', 'v1', 'Job', 'jobs', true, [], ['status'], ['all']),
  cronjobs: info('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], ['status'], ['all']),
  leases: info('coordination.k8s.io', 'v1', 'Lease', 'leases', true, [], []),
  horizontalpodautoscalers: info('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], ['status'], ['all']),
  ingresses: info('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], ['status']),
  endpointslices: info('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true, [], []),
  roles: info('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, [], []),
  clusterroles: info('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, [], []),
  rolebindings: info('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, [], []),
  clusterrolebindings: info('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, [], []),
  certificatesigningrequests: info('certificates.k8s.io', 'v1', 'CertificateSigningRequest', 'certificatesigningrequests', false, ['csr'], ['status', 'approval']),
  poddisruptionbudgets: info('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], ['status']),
} as const satisfies Record<string, ResourceInfo>;

/** ResourceName is a key of the Resources table, e.g. 'pods'. */
export type ResourceName = keyof typeof Resources;

/** allResources lists every ResourceInfo. */
export function allResources(): ResourceInfo[] {
  return Object.values(Resources);
}

/** findResource looks a resource up by group and plural name. */
export function findResource(group: string, resource: string): ResourceInfo | undefined {
  return allResources().find((r) => r.group === group && r.resource === resource);
}
