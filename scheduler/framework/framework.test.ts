import { describe, expect, it } from 'vitest';
import { Framework, NoNodesError, numFeasibleNodesToFind, selectHost } from './framework.ts';
import { FitError } from './fit-error.ts';
import { SchedulerCache } from '../cache/cache.ts';
import { registry, defaultWeights } from '../plugins/registry.ts';
import { makeNode, makePod } from '../testutil/builders.ts';
import type { Node } from '../api-types.ts';

function frameworkFor(nodes: Node[], percentage = 0) {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  const plugins = [...registry.values()].map((f) => f({ snapshot: cache }, { scoringStrategy: 'LeastAllocated' }));
  const fw = new Framework(
    plugins.filter((p) => p.filter || p.preFilter),
    plugins.filter((p) => p.score).map((plugin) => ({ plugin, weight: defaultWeights[plugin.name] ?? 1 })),
    percentage,
  );
  return { cache, fw };
}

describe('numFeasibleNodesToFind', () => {
  it.each([
    { n: 10, want: 10 },
    { n: 100, want: 100 },
    { n: 500, want: 230 },
    { n: 5000, want: 500 },
  ])('$n nodes → $want', ({ n, want }) => {
    expect(numFeasibleNodesToFind(n)).toBe(want);
  });
  it('honours an explicit percentage', () => {
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
  });
});

describe('Framework.schedulePod', () => {
  it('throws NoNodesError on an empty cluster', () => {
    const { fw, cache } = frameworkFor([]);
    expect(() => fw.schedulePod(makePod('p'), cache)).toThrow(NoNodesError);
  });

  it('explains every node in the FitError', () => {
    const { fw, cache } = frameworkFor([
      makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      makeNode('w1', { memory: '1Gi' }),
      makeNode('w2', { memory: '1Gi' }),
    ]);
    try {
      fw.schedulePod(makePod('p', { memory: '2Gi' }), cache);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FitError);
      expect((err as Error).message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.');
      expect([...(err as FitError).diagnosis.unschedulablePlugins].sort()).toEqual(['NodeResourcesFit', 'TaintToleration']);
    }
  });

  it('reports nodes a DaemonSet pod is not pinned to like Kubernetes', () => {
    const { fw, cache } = frameworkFor([makeNode('a', { cpu: '1' }), makeNode('b'), makeNode('c')]);
    const pod = makePod('ds', {
      cpu: '2',
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }] } } } } as never,
    });
    expect(() => fw.schedulePod(pod, cache)).toThrow("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
    const fits = makePod('ds2', { spec: pod.spec!.affinity ? { affinity: pod.spec!.affinity } as never : undefined });
    expect(fw.schedulePod(fits, cache).nodeName).toBe('a');
  });

  it('picks the least allocated node', () => {
    const { fw, cache } = frameworkFor([makeNode('a'), makeNode('b'), makeNode('c')]);
    cache.addPod(makePod('x', { cpu: '2', memory: '4Gi', nodeName: 'a' }));
    cache.addPod(makePod('y', { cpu: '1', memory: '2Gi', nodeName: 'b' }));
    expect(fw.schedulePod(makePod('p', { cpu: '100m', memory: '100Mi' }), cache).nodeName).toBe('c');
  });

  it('stops filtering once enough feasible nodes are found, rotating the start', () => {
    const nodes = [...Array(300).keys()].map((i) => makeNode(`n${i}`));
    const { fw, cache } = frameworkFor(nodes);
    const r = fw.schedulePod(makePod('p'), cache);
    expect(r.feasibleNodes).toBe(numFeasibleNodesToFind(300));
    expect(r.evaluatedNodes).toBe(numFeasibleNodesToFind(300));
  });
});

describe('selectHost', () => {
  it('returns the best index', () => {
    expect(selectHost([3, 9, 1])).toBe(1);
  });
  it('breaks ties among the best only', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(selectHost([5, 9, 9, 1]));
    expect([...seen].sort()).toEqual([1, 2]);
  });
});
