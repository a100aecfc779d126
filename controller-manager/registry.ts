import { readFileSync } from 'node:fs';
import type { ControllerFactory } from './context.ts';
import { newDeploymentController } from './controllers/deployment/deployment-controller.ts';
import { newGarbageCollector } from './controllers/garbagecollector/garbage-collector.ts';
import { newNamespaceController } from './controllers/namespace/namespace-controller.ts';
import { newJobController } from './controllers/job/job-controller.ts';
import { newTTLAfterFinishedController } from './controllers/ttlafterfinished/ttl-after-finished-controller.ts';
import { newCronJobController } from './controllers/cronjob/cronjob-controller.ts';
import { newEventTTLController } from './controllers/eventttl/event-ttl-controller.ts';
import { newDaemonSetController } from './controllers/daemonset/daemonset-controller.ts';
import { newStatefulSetController } from './controllers/statefulset/statefulset-controller.ts';
import { newPodGCController } from './controllers/podgc/podgc-controller.ts';
import { newServiceAccountsController } from './controllers/serviceaccount/serviceaccount-controller.ts';
import { newResourceQuotaController } from './controllers/resourcequota/resourcequota-controller.ts';
import { newHPAController } from './controllers/podautoscaler/hpa-controller.ts';
import { newPVController } from './controllers/persistentvolume/pv-controller.ts';
import { newEndpointsController } from './controllers/endpoints/endpoints-controller.ts';
import { newNodeIpamController } from './controllers/nodeipam/node-ipam-controller.ts';
import { newNodeLifecycleController } from './controllers/nodelifecycle/node-lifecycle-controller.ts';
import { newReplicaSetController, newReplicationControllerController } from './controllers/replicaset/replicaset-controller.ts';
import { newTaintEvictionController } from './controllers/tainteviction/taint-eviction-controller.ts';
import { newDisruptionController } from './controllers/disruption/disruption-controller.ts';
import { newCsrSignerController } from './controllers/csr-signer/csr-signer-controller.ts';
import { newRootCAPublisher } from './controllers/root-ca-publisher/root-ca-publisher.ts';
import { newIngressStatusController } from './controllers/ingress-status/ingress-status-controller.ts';
import { newEndpointSliceController } from './controllers/endpointslice/endpointslice-controller.ts';

/** ControllerRegistration names a controller and says whether `*` enables it. */
export interface ControllerRegistration {
  name: string;
  factory: ControllerFactory;
  /** disabledByDefault controllers run only when named explicitly (like Kubernetes' bootstrapsigner). */
  disabledByDefault?: boolean;
}

/** registry lists every controller, in start order; names follow kube-controller-manager's --controllers. */
export const registry: ControllerRegistration[] = [
  { name: 'replicaset', factory: newReplicaSetController },
  { name: 'replicationcontroller', factory: newReplicationControllerController },
  { name: 'deployment', factory: newDeploymentController },
  { name: 'daemonset', factory: newDaemonSetController },
  { name: 'statefulset', factory: newStatefulSetController },
  { name: 'persistentvolume-binder', factory: newPVController },
  { name: 'endpoint', factory: newEndpointsController },
  // Mirrors each Service's Endpoints into EndpointSlices (kubectl ≥ 1.31 describe reads those).
  { name: 'endpointslice', factory: newEndpointSliceController },
  { name: 'nodeipam', factory: newNodeIpamController },
  { name: 'nodelifecycle', factory: newNodeLifecycleController },
  { name: 'taint-eviction-controller', factory: newTaintEvictionController },
  { name: 'garbagecollector', factory: newGarbageCollector },
  { name: 'podgc', factory: (ctx) => newPodGCController(ctx) },
  { name: 'namespace', factory: newNamespaceController },
  { name: 'serviceaccount', factory: newServiceAccountsController },
  // Publishes kube-root-ca.crt in every namespace; flags.ts disables it unless --root-ca-file is given.
  { name: 'root-ca-cert-publisher', factory: (ctx) => newRootCAPublisher(ctx, readFileSync(ctx.options.rootCAFile!, 'utf8')) },
  { name: 'resourcequota', factory: newResourceQuotaController },
  { name: 'horizontalpodautoscaling', factory: newHPAController },
  { name: 'disruption', factory: newDisruptionController },
  { name: 'job', factory: newJobController },
  { name: 'ttl-after-finished', factory: newTTLAfterFinishedController },
  { name: 'cronjob', factory: newCronJobController },
  { name: 'event-ttl', factory: newEventTTLController },
  // Every node's proxy serves the Ingresses: their status lists the Ready nodes' addresses.
  { name: 'ingress-status', factory: newIngressStatusController },
  // Approves node client CSRs and signs them; flags.ts disables it unless --cluster-signing-cert-file/--cluster-signing-key-file are given.
  { name: 'csrsigning', factory: (ctx) => newCsrSignerController(ctx, { cert: readFileSync(ctx.options.clusterSigningCertFile!, 'utf8'), key: readFileSync(ctx.options.clusterSigningKeyFile!, 'utf8'), durationMs: ctx.options.clusterSigningDurationMs }) },
];

/**
 * enabledControllers applies a --controllers list like Kubernetes: `*` enables the defaults,
 * `foo` enables foo, `-foo` disables foo; unknown names are an error.
 */
export function enabledControllers(spec: string[], all: ControllerRegistration[] = registry): ControllerRegistration[] {
  const names = new Set(all.map((r) => r.name));
  for (const s of spec) {
    const n = s.startsWith('-') ? s.slice(1) : s;
    if (n !== '*' && !names.has(n)) throw new Error(`"${n}" is not in the list of known controllers: ${[...names].join(', ')}`);
  }
  const star = spec.includes('*');
  return all.filter((r) => {
    if (spec.includes(`-${r.name}`)) return false;
    if (spec.includes(r.name)) return true;
    return star && !r.disabledByDefault;
  });
}
