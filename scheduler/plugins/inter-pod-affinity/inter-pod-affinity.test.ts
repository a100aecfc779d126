import { describe, expect, it } from 'vitest';
import { ErrReasonAffinityRulesNotMatch, ErrReasonAntiAffinityRulesNotMatch, ErrReasonExistingAntiAffinityRulesNotMatch, newInterPodAffinity } from './inter-pod-affinity.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';
import type { Pod } from '../../api-types.ts';

const hostname = 'kubernetes.io/hostname';
const zone = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode('a1', { labels: { [zone]: 'a' } }),
  makeNode('a2', { labels: { [zone]: 'a' } }),
  makeNode('b1', { labels: { [zone]: 'b' } }),
  makeNode('nozone'),
];
const term = (app: string, topologyKey: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey });
const withAffinity = (name: string, labels: Record<string, string>, affinity: object, nodeName?: string): Pod =>
  makePod(name, { labels, nodeName, spec: { affinity } as never });

describe('InterPodAffinity filter', () => {
  const db = makePod('db', { labels: { app: 'db' }, nodeName: 'a1' });
  const guard = withAffinity('guard', { app: 'guard' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', zone)] } }, 'b1');
  const h = harness(newInterPodAffinity, nodes, [db, guard]);

  const cases: Array<{ name: string; pod: Pod; want: Record<string, string | undefined> }> = [
    {
      name: 'required affinity to db by hostname',
      pod: withAffinity('p', { app: 'x' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', hostname)] } }),
      want: { a1: undefined, a2: ErrReasonAffinityRulesNotMatch, b1: ErrReasonAffinityRulesNotMatch },
    },
    {
      name: 'required affinity to db by zone',
      pod: withAffinity('p', { app: 'x' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', zone)] } }),
      want: { a1: undefined, a2: undefined, b1: ErrReasonAffinityRulesNotMatch, nozone: ErrReasonAffinityRulesNotMatch },
    },
    {
      name: 'required anti-affinity to db by zone',
      pod: withAffinity('p', { app: 'x' }, { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', zone)] } }),
      want: { a1: ErrReasonAntiAffinityRulesNotMatch, a2: ErrReasonAntiAffinityRulesNotMatch, b1: undefined, nozone: undefined },
    },
    {
      name: "existing pod's anti-affinity against the incoming pod",
      pod: makePod('web', { labels: { app: 'web' } }),
      want: { a1: undefined, b1: ErrReasonExistingAntiAffinityRulesNotMatch, nozone: undefined },
    },
    {
      name: 'first pod of a self-affine group may go anywhere',
      pod: withAffinity('p', { app: 'cache' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('cache', hostname)] } }),
      want: { a1: undefined, b1: undefined },
    },
    {
      name: 'affinity in another namespace does not match',
      pod: makePod('p', { namespace: 'other', spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', hostname)] } } } as never }),
      want: { a1: ErrReasonAffinityRulesNotMatch },
    },
  ];
  it.each(cases)('$name', ({ pod, want }) => {
    for (const [node, reason] of Object.entries(want)) expect(h.filter(pod, node)?.reasons[0], node).toBe(reason);
  });

  it('uses UnschedulableAndUnresolvable for affinity, Unschedulable for anti-affinity', () => {
    const aff = withAffinity('p', {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', hostname)] } });
    expect(h.filter(aff, 'b1')?.code).toBe('UnschedulableAndUnresolvable');
    expect(h.filter(makePod('web', { labels: { app: 'web' } }), 'b1')?.code).toBe('Unschedulable');
  });
});

describe('InterPodAffinity namespaceSelector', () => {
  const other = makePod('db', { namespace: 'prod', labels: { app: 'db' }, nodeName: 'a1' });
  const nsLabels = (ns: string): Record<string, string> => (ns === 'prod' ? { env: 'prod' } : {});
  const h = harness(newInterPodAffinity, nodes, [other], { namespaceLabels: nsLabels });
  const withSelector = (namespaceSelector: object) =>
    withAffinity('p', {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term('db', hostname), namespaceSelector }] } });
  it.each([
    { name: 'matching namespace labels', sel: { matchLabels: { env: 'prod' } }, want: undefined },
    { name: 'empty selector means all namespaces', sel: {}, want: undefined },
    { name: 'non-matching labels', sel: { matchLabels: { env: 'dev' } }, want: ErrReasonAffinityRulesNotMatch },
  ])('$name', ({ sel, want }) => {
    expect(h.filter(withSelector(sel), 'a1')?.reasons[0]).toBe(want);
    if (!want) expect(h.filter(withSelector(sel), 'b1')?.reasons[0]).toBe(ErrReasonAffinityRulesNotMatch);
  });
});

describe('InterPodAffinity score', () => {
  it('scores preferred affinity and anti-affinity by topology', () => {
    const h = harness(newInterPodAffinity, nodes, [makePod('db', { labels: { app: 'db' }, nodeName: 'a1' })]);
    const near = withAffinity('p', {}, { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('db', zone) }] } });
    expect(h.scores(near)).toEqual({ a1: 100, a2: 100, b1: 0, nozone: 0 });
    const far = withAffinity('p', {}, { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('db', hostname) }] } });
    expect(h.scores(far)).toEqual({ a1: 0, a2: 100, b1: 100, nozone: 100 });
  });
});
