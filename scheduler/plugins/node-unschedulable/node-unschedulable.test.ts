import { describe, expect, it } from 'vitest';
import { newNodeUnschedulable } from './node-unschedulable.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

describe('NodeUnschedulable', () => {
  const h = harness(newNodeUnschedulable, [makeNode('open'), makeNode('cordoned', { unschedulable: true })]);
  it.each([
    { name: 'schedulable node passes', node: 'open', tolerations: undefined, want: undefined },
    { name: 'cordoned node rejects', node: 'cordoned', tolerations: undefined, want: 'node(s) were unschedulable' },
    {
      name: 'cordoned node passes a pod tolerating the unschedulable taint',
      node: 'cordoned',
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      want: undefined,
    },
  ])('$name', ({ node, tolerations, want }) => {
    const s = h.filter(makePod('p', { tolerations }), node);
    expect(s?.reasons[0]).toBe(want);
    if (want) expect(s?.code).toBe('UnschedulableAndUnresolvable');
  });
});
