/**
 * The plugin registry: every plugin by name, the default filter order (Kubernetes' default
 * profile order) and the default score weights.
 */
import type { PluginFactory } from '../framework/types.ts';
import { newNodeUnschedulable } from './node-unschedulable/node-unschedulable.ts';
import { newNodeName } from './node-name/node-name.ts';
import { newNodeReady } from './node-ready/node-ready.ts';
import { newTaintToleration } from './taint-toleration/taint-toleration.ts';
import { newNodeAffinity } from './node-affinity/node-affinity.ts';
import { newNodePorts } from './node-ports/node-ports.ts';
import { newNodeResourcesFit } from './node-resources-fit/node-resources-fit.ts';
import { newNodeResourcesBalancedAllocation } from './node-resources-balanced-allocation/node-resources-balanced-allocation.ts';
import { newVolumeBinding } from './volume-binding/volume-binding.ts';
import { newPodTopologySpread } from './pod-topology-spread/pod-topology-spread.ts';
import { newInterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.ts';
import { newSelectorSpread } from './selector-spread/selector-spread.ts';
import { newImageLocality } from './image-locality/image-locality.ts';

/** registry maps plugin names to factories, in the order filters run. */
export const registry: ReadonlyMap<string, PluginFactory> = new Map<string, PluginFactory>([
  ['NodeUnschedulable', newNodeUnschedulable],
  ['NodeName', newNodeName],
  ['NodeReady', newNodeReady],
  ['TaintToleration', newTaintToleration],
  ['NodeAffinity', newNodeAffinity],
  ['NodePorts', newNodePorts],
  ['NodeResourcesFit', newNodeResourcesFit],
  ['VolumeBinding', newVolumeBinding],
  ['PodTopologySpread', newPodTopologySpread],
  ['InterPodAffinity', newInterPodAffinity],
  ['NodeResourcesBalancedAllocation', newNodeResourcesBalancedAllocation],
  ['SelectorSpread', newSelectorSpread],
  ['ImageLocality', newImageLocality],
]);

/** defaultWeights are the score weights of Kubernetes' default profile (SelectorSpread: 1). */
export const defaultWeights: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
  SelectorSpread: 1,
};
