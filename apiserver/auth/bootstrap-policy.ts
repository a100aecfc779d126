import type { ClusterRole } from '../../api/rbac/v1/clusterrole.ts';
import type { ClusterRoleBinding } from '../../api/rbac/v1/clusterrolebinding.ts';
import type { PolicyRule, Subject } from '../../api/rbac/v1/policy-rule.ts';
import { Groups } from './user.ts';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const ALL = [...READ, ...WRITE];
const RBAC = 'rbac.authorization.k8s.io';

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

// What `view` may read and `edit` may write: the namespaced workload resources (not secrets for view).
const workloads: PolicyRule[] = [
  rule([''], ['pods', 'pods/log', 'pods/status', 'services', 'services/status', 'endpoints', 'configmaps', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'replicationcontrollers', 'replicationcontrollers/scale', 'replicationcontrollers/status', 'serviceaccounts', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status', 'bindings'], READ),
  rule(['apps'], ['deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status', 'daemonsets', 'daemonsets/status', 'controllerrevisions'], READ),
  rule(['batch'], ['jobs', 'jobs/status', 'cronjobs', 'cronjobs/status'], READ),
  rule(['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], READ),
  rule(['networking.k8s.io'], ['ingresses', 'ingresses/status'], READ),
  rule(['coordination.k8s.io'], ['leases'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  // Kubernetes aggregates system:aggregated-metrics-reader into view, edit and admin (kubectl top).
  rule(['metrics.k8s.io'], ['pods', 'nodes'], READ),
];

const editRules: PolicyRule[] = [
  rule([''], ['pods', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/eviction', 'services', 'endpoints', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'serviceaccounts/token', 'events'], ALL),
  rule(['apps'], ['deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale', 'daemonsets'], ALL),
  rule(['batch'], ['jobs', 'cronjobs'], ALL),
  rule(['autoscaling'], ['horizontalpodautoscalers'], ALL),
  rule(['networking.k8s.io'], ['ingresses'], ALL),
  rule(['coordination.k8s.io'], ['leases'], ALL),
];

const cr = (name: string, rules: PolicyRule[]): ClusterRole => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
  rules,
});

const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC, name });
const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC, name });

const crb = (name: string, role: string, subjects: Subject[]): ClusterRoleBinding => ({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
  subjects,
});

/**
 * bootstrapClusterRoles are the built-in ClusterRoles, as kube-apiserver creates them: the
 * user-facing cluster-admin, admin, edit and view, discovery for everyone, and each component's
 * own least-privilege role (scheduler, controller-manager, node — granted by the Node
 * authorizer, so unbound — kube-proxy, and node bootstrappers, who may only file CSRs).
 */
export const bootstrapClusterRoles: ClusterRole[] = [
  cr('cluster-admin', [rule(['*'], ['*'], ['*']), { nonResourceURLs: ['*'], verbs: ['*'] }]),
  cr('admin', [...editRules, rule([RBAC], ['roles', 'rolebindings'], ALL), ...workloads, rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create'])]),
  cr('edit', [...editRules, ...workloads]),
  cr('view', workloads),
  cr('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/version', '/version/', '/openapi', '/openapi/*'], verbs: ['get'] }]),
  cr('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
  cr('system:basic-user', [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create'])]),
  cr('system:kube-scheduler', [
    rule([''], ['pods', 'nodes', 'namespaces', 'services', 'replicationcontrollers', 'persistentvolumes', 'persistentvolumeclaims'], READ),
    rule([''], ['pods/binding', 'bindings'], ['create']),
    rule([''], ['pods/status'], ['patch', 'update']),
    rule([''], ['pods'], ['delete']),
    rule(['apps'], ['replicasets', 'statefulsets'], READ),
    rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    rule(['coordination.k8s.io'], ['leases'], ['get', 'list', 'watch', 'create', 'update']),
  ]),
  // The controller-manager runs every controller in one process (no per-controller service accounts yet).
  cr('system:kube-controller-manager', [
    rule(['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'coordination.k8s.io', 'policy', 'discovery.k8s.io', 'events.k8s.io'], ['*'], ALL),
    // The garbage collector and namespace controller see every kind (Kubernetes' generic-garbage-collector
    // and namespace-controller roles): read, and delete or drop owner references — never create.
    rule(['*'], ['*'], [...READ, 'patch', 'update', 'delete', 'deletecollection']),
    rule(['certificates.k8s.io'], ['certificatesigningrequests', 'certificatesigningrequests/approval', 'certificatesigningrequests/status'], ALL),
    rule(['certificates.k8s.io'], ['signers'], ['approve', 'sign']),
    rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
  ]),
  cr('system:node', [
    rule([''], ['nodes', 'nodes/status'], [...READ, 'create', 'update', 'patch']),
    rule([''], ['pods', 'services', 'endpoints'], READ),
    rule([''], ['pods/status'], ['update', 'patch']),
    rule([''], ['secrets', 'configmaps', 'persistentvolumeclaims', 'persistentvolumes'], ['get']),
    rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    rule(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update', 'patch', 'delete']),
  ]),
  cr('system:kube-proxy', [
    rule([''], ['services', 'endpoints', 'nodes'], READ),
    rule(['discovery.k8s.io'], ['endpointslices'], READ),
    // The node proxy is also the ingress controller.
    rule(['networking.k8s.io'], ['ingresses'], READ),
    rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
  ]),
  cr('system:node-bootstrapper', [rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['create', 'get', 'list', 'watch'])]),
];

/** bootstrapClusterRoleBindings bind the built-in roles to their well-known users and groups. */
export const bootstrapClusterRoleBindings: ClusterRoleBinding[] = [
  crb('cluster-admin', 'cluster-admin', [group(Groups.masters)]),
  crb('system:discovery', 'system:discovery', [group(Groups.authenticated)]),
  crb('system:public-info-viewer', 'system:public-info-viewer', [group(Groups.authenticated), group(Groups.unauthenticated)]),
  crb('system:basic-user', 'system:basic-user', [group(Groups.authenticated)]),
  crb('system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')]),
  crb('system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]),
  // As in Kubernetes since 1.8: nodes are authorized by the Node authorizer, not by this binding.
  crb('system:node', 'system:node', []),
  crb('system:kube-proxy', 'system:kube-proxy', [user('system:kube-proxy')]),
  crb('system:node-bootstrapper', 'system:node-bootstrapper', [group(Groups.bootstrappers)]),
];
