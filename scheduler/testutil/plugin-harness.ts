/** A harness to run one plugin's filter / score against a small in-memory cluster in unit tests. */
import type { Node, Pod } from '../api-types.ts';
import { SchedulerCache } from '../cache/cache.ts';
import type { Handle, Plugin, PluginFactory, Status } from '../framework/types.ts';

/** Harness holds the cluster and the plugin under test. */
export interface Harness {
  cache: SchedulerCache;
  plugin: Plugin;
  /** filter runs preFilter (a rejection counts for every node) then filter on the named node. */
  filter(pod: Pod, nodeName: string): Status | undefined;
  /** scores runs preScore/score/normalize over the named nodes (all nodes by default). */
  scores(pod: Pod, nodeNames?: string[]): Record<string, number>;
}

/** harness builds a cluster of nodes and bound pods (pods need spec.nodeName) around one plugin. */
export function harness(factory: PluginFactory, nodes: Node[], pods: Pod[] = [], extra: Partial<Handle> = {}, strategy: 'LeastAllocated' | 'MostAllocated' = 'LeastAllocated'): Harness {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  for (const p of pods) cache.addPod(p);
  const plugin = factory({ snapshot: cache, ...extra }, { scoringStrategy: strategy });
  return {
    cache,
    plugin,
    filter(pod, nodeName) {
      const state = new Map<string, unknown>();
      const pre = plugin.preFilter?.(state, pod);
      if (pre?.status) return pre.status;
      if (pre?.nodeNames && !pre.nodeNames.has(nodeName)) return { code: 'UnschedulableAndUnresolvable', reasons: ['(prefilter excluded)'] };
      return plugin.filter?.(state, pod, cache.get(nodeName)!);
    },
    scores(pod, nodeNames) {
      const state = new Map<string, unknown>();
      const infos = (nodeNames ?? nodes.map((n) => n.metadata.name!)).map((n) => cache.get(n)!);
      plugin.preFilter?.(state, pod);
      const out: Record<string, number> = {};
      if (plugin.preScore && !plugin.preScore(state, pod, infos)) {
        for (const ni of infos) out[ni.name] = 0;
        return out;
      }
      const s = infos.map((ni) => plugin.score!(state, pod, ni));
      plugin.normalizeScore?.(state, pod, infos, s);
      infos.forEach((ni, i) => (out[ni.name] = s[i]));
      return out;
    },
  };
}
