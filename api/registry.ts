import type { KubeObject } from './meta/v1/object-meta.ts';
import type { KindDefinition } from './resource-info.ts';
import { apiVersionOf } from './resource-info.ts';
import { podDefinition } from './core/v1/pod.ts';
import { nodeDefinition } from './core/v1/node.ts';
import { namespaceDefinition } from './core/v1/namespace.ts';
import { serviceDefinition } from './core/v1/service.ts';
import { endpointsDefinition } from './core/v1/endpoints.ts';
import { configMapDefinition } from './core/v1/configmap.ts';
import { secretDefinition } from './core/v1/secret.ts';
import { serviceAccountDefinition } from './core/v1/serviceaccount.ts';
import { eventDefinition } from './core/v1/event.ts';
import { persistentVolumeDefinition } from './core/v1/persistentvolume.ts';
import { persistentVolumeClaimDefinition } from './core/v1/persistentvolumeclaim.ts';
import { resourceQuotaDefinition } from './core/v1/resourcequota.ts';
import { limitRangeDefinition } from './core/v1/limitrange.ts';
import { replicationControllerDefinition } from './core/v1/replicationcontroller.ts';
import { deploymentDefinition } from './apps/v1/deployment.ts';
import { replicaSetDefinition } from './apps/v1/replicaset.ts';
import { daemonSetDefinition } from './apps/v1/daemonset.ts';
import { statefulSetDefinition } from './apps/v1/statefulset.ts';
import { controllerRevisionDefinition } from './apps/v1/controllerrevision.ts';
import { jobDefinition } from './batch/v1/job.ts';
import { cronJobDefinition } from './batch/v1/cronjob.ts';
import { leaseDefinition } from './coordination/v1/lease.ts';
import { endpointSliceDefinition } from './discovery/v1/endpointslice.ts';
import { horizontalPodAutoscalerDefinition } from './autoscaling/v2/horizontalpodautoscaler.ts';
import { ingressDefinition } from './networking/v1/ingress.ts';
import { podDisruptionBudgetDefinition } from './policy/v1/poddisruptionbudget.ts';
import { roleDefinition } from './rbac/v1/role.ts';
import { clusterRoleDefinition } from './rbac/v1/clusterrole.ts';
import { roleBindingDefinition } from './rbac/v1/rolebinding.ts';
import { clusterRoleBindingDefinition } from './rbac/v1/clusterrolebinding.ts';
import { certificateSigningRequestDefinition } from './certificates/v1/csr.ts';

// Each definition is typed for its own kind; the registry hands them out generically.
function erase<T extends KubeObject>(def: KindDefinition<T>): KindDefinition {
  return def as unknown as KindDefinition;
}

/** kindDefinitions lists the definition of every kind in the Resources table. */
export const kindDefinitions: KindDefinition[] = [
  erase(namespaceDefinition),
  erase(nodeDefinition),
  erase(podDefinition),
  erase(serviceDefinition),
  erase(endpointsDefinition),
  erase(configMapDefinition),
  erase(secretDefinition),
  erase(serviceAccountDefinition),
  erase(eventDefinition),
  erase(persistentVolumeDefinition),
  erase(persistentVolumeClaimDefinition),
  erase(resourceQuotaDefinition),
  erase(limitRangeDefinition),
  erase(replicationControllerDefinition),
  erase(deploymentDefinition),
  erase(replicaSetDefinition),
  erase(daemonSetDefinition),
  erase(statefulSetDefinition),
  erase(controllerRevisionDefinition),
  erase(jobDefinition),
  erase(cronJobDefinition),
  erase(leaseDefinition),
  erase(horizontalPodAutoscalerDefinition),
  erase(ingressDefinition),
  erase(endpointSliceDefinition),
  erase(podDisruptionBudgetDefinition),
  erase(roleDefinition),
  erase(clusterRoleDefinition),
  erase(roleBindingDefinition),
  erase(clusterRoleBindingDefinition),
  erase(certificateSigningRequestDefinition),
];

const byResource = new Map(kindDefinitions.map((d) => [`${d.info.group}/${d.info.resource}`, d]));
const byKind = new Map(kindDefinitions.map((d) => [`${apiVersionOf(d.info)}/${d.info.kind}`, d]));

/** definitionForResource finds a definition by API group ('' for core) and plural resource name. */
export function definitionForResource(group: string, resource: string): KindDefinition | undefined {
  return byResource.get(`${group}/${resource}`);
}

/** definitionForKind finds a definition by apiVersion ('v1', 'apps/v1') and kind ('Deployment'). */
export function definitionForKind(apiVersion: string, kind: string): KindDefinition | undefined {
  return byKind.get(`${apiVersion}/${kind}`);
}
