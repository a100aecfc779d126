import { describe, expect, it } from 'vitest';
import { ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch, newPodTopologySpread } from './pod-topology-spread.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

const zone = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode('a1', { labels: { [zone]: 'a' } }),
  makeNode('a2', { labels: { [zone]: 'a' } }),
  makeNode('b1', { labels: { [zone]: 'b' } }),
  makeNode('nozone'),
];
const web = (name: string, nodeName?: string) => makePod(name, { labels: { app: 'web' }, nodeName });
const spread = (topologyKey: string, maxSkew: number, whenUnsatisfiable: string) =>
  makePod('new', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [{ maxSkew, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } } }] } as never });

describe('PodTopologySpread filter (DoNotSchedule)', () => {
  // zone a has 2 web pods, zone b none.
  const h = harness(newPodTopologySpread, nodes, [web('w1', 'a1'), web('w2', 'a2')]);
  it.each([
    { node: 'a1', maxSkew: 1, want: ErrReasonConstraintsNotMatch },
    { node: 'b1', maxSkew: 1, want: undefined },
    { node: 'nozone', maxSkew: 1, want: ErrReasonNodeLabelNotMatch },
    { node: 'a1', maxSkew: 3, want: undefined },
  ])('zone spread maxSkew $maxSkew on $node', ({ node, maxSkew, want }) => {
    expect(h.filter(spread(zone, maxSkew, 'DoNotSchedule'), node)?.reasons[0]).toBe(want);
  });

  it('hostname spread counts per node', () => {
    const pod = spread('kubernetes.io/hostname', 1, 'DoNotSchedule');
    // a1 and a2 hold one each, b1 and nozone none: min 0, so a1 would make skew 2.
    expect(h.filter(pod, 'a1')?.reasons[0]).toBe(ErrReasonConstraintsNotMatch);
    expect(h.filter(pod, 'b1')).toBeUndefined();
  });
});

describe('PodTopologySpread minDomains', () => {
  // zone a holds 2, zone b 1: the global minimum is 1, unless fewer domains than minDomains exist.
  const h = harness(newPodTopologySpread, nodes, [web('w1', 'a1'), web('w2', 'a2'), web('w3', 'b1')]);
  const withMin = (minDomains?: number) =>
    makePod('new', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', minDomains, labelSelector: { matchLabels: { app: 'web' } } }] } as never });
  it.each([
    { minDomains: undefined, node: 'b1', want: undefined },
    { minDomains: 2, node: 'b1', want: undefined },
    { minDomains: 3, node: 'b1', want: ErrReasonConstraintsNotMatch },
  ])('minDomains $minDomains on $node', ({ minDomains, node, want }) => {
    expect(h.filter(withMin(minDomains), node)?.reasons[0]).toBe(want);
  });
});

describe('PodTopologySpread score (ScheduleAnyway)', () => {
  it('prefers the emptier domain and never filters', () => {
    const h = harness(newPodTopologySpread, nodes, [web('w1', 'a1'), web('w2', 'a2')]);
    const pod = spread(zone, 1, 'ScheduleAnyway');
    expect(h.filter(pod, 'a1')).toBeUndefined();
    const s = h.scores(pod);
    expect(s.b1).toBeGreaterThan(s.a1);
    expect(s.nozone).toBe(0);
  });
});
