import { describe, expect, it } from 'vitest';
import { newNodeReady } from './node-ready.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

describe('NodeReady', () => {
  const h = harness(newNodeReady, [
    makeNode('ready'),
    makeNode('notready', { ready: 'False' }),
    makeNode('unknown', { ready: 'Unknown' }),
    makeNode('fresh', { ready: null }),
  ]);
  const tolerateAll = [{ operator: 'Exists' }];
  it.each([
    { node: 'ready', tolerations: undefined, want: undefined },
    { node: 'notready', tolerations: undefined, want: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }' },
    { node: 'unknown', tolerations: undefined, want: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }' },
    { node: 'fresh', tolerations: undefined, want: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }' },
    { node: 'notready', tolerations: tolerateAll, want: undefined },
    { node: 'notready', tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }], want: undefined },
  ])('$node with tolerations $tolerations → $want', ({ node, tolerations, want }) => {
    expect(h.filter(makePod('p', { tolerations }), node)?.reasons[0]).toBe(want);
  });
});
