import type { Pod } from '../../../api/core/v1/pod.ts';
import type { EventRecorder, Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Logger } from '../../../component-base/logger.ts';
import type { Clock } from '../../context.ts';
import type { Deployment, ReplicaSet } from './types.ts';

/** DeploymentDeps is what the deployment controller's functions share. */
export interface DeploymentDeps {
  deployments: Informer<Deployment>;
  replicaSets: Informer<ReplicaSet>;
  pods: Informer<Pod>;
  dClient: ResourceClient<Deployment>;
  rsClient: ResourceClient<ReplicaSet>;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  queue: RateLimitingQueue<string>;
}
