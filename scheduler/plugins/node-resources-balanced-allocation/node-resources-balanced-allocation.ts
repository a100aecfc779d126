/**
 * NodeResourcesBalancedAllocation favours nodes whose cpu and memory would be used in
 * similar proportions after placing the pod (score = (1 - std deviation of the fractions) × 100).
 */
import type { Plugin } from '../../framework/types.ts';
import { MaxNodeScore } from '../../framework/types.ts';
import { incomingPodInfo } from '../../framework/pod-info.ts';

/** balancedScore scores two utilisation fractions by how close they are. */
export function balancedScore(cpuFraction: number, memFraction: number): number {
  const c = Math.min(cpuFraction, 1);
  const m = Math.min(memFraction, 1);
  // The standard deviation of two values is half their distance.
  const std = Math.abs(c - m) / 2;
  return Math.floor((1 - std) * MaxNodeScore);
}

/** newNodeResourcesBalancedAllocation builds the plugin. */
export function newNodeResourcesBalancedAllocation(): Plugin {
  return {
    name: 'NodeResourcesBalancedAllocation',
    events: ['NodeAdd', 'NodeUpdate', 'AssignedPodDelete'],
    score(state, pod, nodeInfo) {
      const nz = incomingPodInfo(state, pod).nonZero;
      const a = nodeInfo.allocatable;
      if (a.milliCpu <= 0 || a.memory <= 0) return 0;
      return balancedScore((nodeInfo.nonZeroRequested.milliCpu + nz.milliCpu) / a.milliCpu, (nodeInfo.nonZeroRequested.memory + nz.memory) / a.memory);
    },
  };
}
