import { describe, expect, it } from 'vitest';
import { newNodeName } from './node-name.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

describe('NodeName', () => {
  const h = harness(newNodeName, [makeNode('a'), makeNode('b')]);
  it.each([
    { nodeName: undefined, node: 'a', want: undefined },
    { nodeName: 'a', node: 'a', want: undefined },
    { nodeName: 'a', node: 'b', want: "node(s) didn't match the requested node name" },
  ])('pod nodeName $nodeName on $node', ({ nodeName, node, want }) => {
    expect(h.filter(makePod('p', { nodeName }), node)?.reasons[0]).toBe(want);
  });
});
