import { describe, expect, it } from 'vitest';
import { newSelectorSpread } from './selector-spread.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

describe('SelectorSpread', () => {
  const nodes = [makeNode('a'), makeNode('b'), makeNode('c')];
  const bound = [
    makePod('r1', { ownerUid: 'rs1', nodeName: 'a' }),
    makePod('r2', { ownerUid: 'rs1', nodeName: 'a' }),
    makePod('r3', { ownerUid: 'rs1', nodeName: 'b' }),
    makePod('other', { ownerUid: 'rs2', nodeName: 'c' }),
  ];
  it('prefers nodes with fewer siblings of the same owner', () => {
    const s = harness(newSelectorSpread, nodes, bound).scores(makePod('new', { ownerUid: 'rs1' }));
    expect(s).toEqual({ a: 0, b: 50, c: 100 });
  });
  it('ignores pods without a controller', () => {
    const s = harness(newSelectorSpread, nodes, bound).scores(makePod('lonely'));
    expect(s).toEqual({ a: 0, b: 0, c: 0 });
  });
  it('spreads across zones too', () => {
    const zoned = [makeNode('a', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), makeNode('b', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), makeNode('c', { labels: { 'topology.kubernetes.io/zone': 'z2' } })];
    const s = harness(newSelectorSpread, zoned, [makePod('r1', { ownerUid: 'rs1', nodeName: 'a' })]).scores(makePod('new', { ownerUid: 'rs1' }));
    expect(s.c).toBeGreaterThan(s.b);
    expect(s.b).toBeGreaterThan(s.a);
  });
});
