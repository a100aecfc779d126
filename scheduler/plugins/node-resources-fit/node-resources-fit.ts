/**
 * NodeResourcesFit filters out nodes without room for the pod's requests (cpu, memory,
 * ephemeral-storage, pod count) and scores by allocation: LeastAllocated spreads pods,
 * MostAllocated bin-packs them.
 */
import type { Plugin, PluginArgs } from '../../framework/types.ts';
import { MaxNodeScore, unschedulable } from '../../framework/types.ts';
import { incomingPodInfo } from '../../framework/pod-info.ts';
import type { NodeInfo } from '../../framework/node-info.ts';

/** insufficientReasons lists every reason the pod does not fit the node, in Kubernetes' wording. */
export function insufficientReasons(req: { milliCpu: number; memory: number; ephemeralStorage: number }, ni: NodeInfo): string[] {
  const reasons: string[] = [];
  if (ni.pods.size + 1 > ni.allocatable.pods) reasons.push('Too many pods');
  const free = (alloc: number, used: number) => alloc - used;
  if (req.milliCpu > 0 && req.milliCpu > free(ni.allocatable.milliCpu, ni.requested.milliCpu)) reasons.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > free(ni.allocatable.memory, ni.requested.memory)) reasons.push('Insufficient memory');
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > free(ni.allocatable.ephemeralStorage, ni.requested.ephemeralStorage)) {
    reasons.push('Insufficient ephemeral-storage');
  }
  return reasons;
}

function resourceScore(requested: number, allocatable: number, strategy: PluginArgs['scoringStrategy']): number {
  if (allocatable <= 0) return 0;
  if (strategy === 'MostAllocated') return Math.floor((Math.min(requested, allocatable) * MaxNodeScore) / allocatable);
  if (requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MaxNodeScore) / allocatable);
}

/** newNodeResourcesFit builds the NodeResourcesFit plugin with the configured scoring strategy. */
export function newNodeResourcesFit(_handle: unknown, args: PluginArgs): Plugin {
  return {
    name: 'NodeResourcesFit',
    events: ['NodeAdd', 'NodeUpdate', 'AssignedPodDelete', 'AssignedPodUpdate'],
    filter(state, pod, nodeInfo) {
      const reasons = insufficientReasons(incomingPodInfo(state, pod).requests, nodeInfo);
      return reasons.length > 0 ? unschedulable(...reasons) : undefined;
    },
    score(state, pod, nodeInfo) {
      const nz = incomingPodInfo(state, pod).nonZero;
      const cpu = resourceScore(nodeInfo.nonZeroRequested.milliCpu + nz.milliCpu, nodeInfo.allocatable.milliCpu, args.scoringStrategy);
      const mem = resourceScore(nodeInfo.nonZeroRequested.memory + nz.memory, nodeInfo.allocatable.memory, args.scoringStrategy);
      // cpu and memory weigh 1 each, Kubernetes' default resource weights.
      return Math.floor((cpu + mem) / 2);
    },
  };
}
