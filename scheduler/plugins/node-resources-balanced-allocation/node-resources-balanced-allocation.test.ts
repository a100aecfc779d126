import { describe, expect, it } from 'vitest';
import { balancedScore, newNodeResourcesBalancedAllocation } from './node-resources-balanced-allocation.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    { cpu: 0.5, mem: 0.5, want: 100 },
    { cpu: 1, mem: 0, want: 50 },
    { cpu: 0.2, mem: 0.6, want: 80 },
    { cpu: 2, mem: 1, want: 100 },
  ])('fractions cpu $cpu mem $mem → $want', ({ cpu, mem, want }) => {
    expect(balancedScore(cpu, mem)).toBe(want);
  });

  it('sends a memory-heavy pod to the cpu-heavy node it balances', () => {
    const nodes = [makeNode('cpuheavy', { cpu: '4', memory: '4Gi' }), makeNode('even', { cpu: '4', memory: '4Gi' })];
    const h = harness(newNodeResourcesBalancedAllocation, nodes, [makePod('x', { cpu: '3', memory: '100Mi', nodeName: 'cpuheavy' })]);
    const s = h.scores(makePod('p', { cpu: '500m', memory: '3Gi' }));
    expect(s.cpuheavy).toBeGreaterThan(s.even);
  });
});
