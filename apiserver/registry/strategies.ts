import type { ResourceStrategy } from './types.ts';
import { jobStrategy, volumeStrategy } from './jobs.ts';
import { namespaceStrategy } from './namespaces.ts';
import { podStrategy } from './pods.ts';
import { serviceStrategy } from './services.ts';

const defaultStrategy: ResourceStrategy = { resetStatusOnCreate: true };

// Nodes are created by their kubelet with capacity and conditions already in status.
const keepStatusStrategy: ResourceStrategy = { resetStatusOnCreate: false };

const strategies: Record<string, ResourceStrategy> = {
  pods: podStrategy,
  services: serviceStrategy,
  namespaces: namespaceStrategy,
  nodes: keepStatusStrategy,
  events: keepStatusStrategy,
  leases: keepStatusStrategy,
  jobs: jobStrategy,
  persistentvolumes: volumeStrategy,
  persistentvolumeclaims: volumeStrategy,
};

/** strategyFor returns the strategy of a resource (the generic one when it has none of its own). */
export function strategyFor(resource: string): ResourceStrategy {
  return strategies[resource] ?? defaultStrategy;
}
