import { describe, expect, it } from 'vitest';
import { newNodeAffinity, pinnedNodeNames } from './node-affinity.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';
import type { NodeSelectorRequirement } from '../../api-types.ts';

const msg = "node(s) didn't match Pod's node affinity/selector";
const nodes = [
  makeNode('small', { labels: { disk: 'hdd', cores: '4', zone: 'a' } }),
  makeNode('big', { labels: { disk: 'ssd', cores: '32', zone: 'b' } }),
];

function required(exprs: NodeSelectorRequirement[], fields: NodeSelectorRequirement[] = []) {
  return { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: exprs, matchFields: fields }] } } } };
}

describe('NodeAffinity filter', () => {
  const h = harness(newNodeAffinity, nodes);
  it.each([
    { name: 'nodeSelector match', spec: { nodeSelector: { disk: 'ssd' } }, pass: ['big'] },
    { name: 'nodeSelector no match', spec: { nodeSelector: { disk: 'nvme' } }, pass: [] },
    { name: 'In', spec: required([{ key: 'zone', operator: 'In', values: ['a', 'c'] }]), pass: ['small'] },
    { name: 'NotIn', spec: required([{ key: 'zone', operator: 'NotIn', values: ['a'] }]), pass: ['big'] },
    { name: 'Exists', spec: required([{ key: 'disk', operator: 'Exists' }]), pass: ['small', 'big'] },
    { name: 'DoesNotExist', spec: required([{ key: 'gpu', operator: 'DoesNotExist' }]), pass: ['small', 'big'] },
    { name: 'Gt', spec: required([{ key: 'cores', operator: 'Gt', values: ['8'] }]), pass: ['big'] },
    { name: 'Lt', spec: required([{ key: 'cores', operator: 'Lt', values: ['8'] }]), pass: ['small'] },
    { name: 'Gt with non-integer value matches nothing', spec: required([{ key: 'disk', operator: 'Gt', values: ['1'] }]), pass: [] },
    { name: 'matchFields metadata.name', spec: required([], [{ key: 'metadata.name', operator: 'In', values: ['small'] }]), pass: ['small'] },
    { name: 'expressions ANDed', spec: required([{ key: 'disk', operator: 'In', values: ['ssd'] }, { key: 'zone', operator: 'In', values: ['a'] }]), pass: [] },
  ])('$name', ({ spec, pass }) => {
    for (const n of ['small', 'big']) {
      const s = h.filter(makePod('p', { spec: spec as never }), n);
      if (pass.includes(n)) expect(s, n).toBeUndefined();
      else expect(s?.reasons[0] === msg || s?.reasons[0] === '(prefilter excluded)', n).toBe(true);
    }
  });

  it('reports the Kubernetes message and code', () => {
    const s = h.filter(makePod('p', { nodeSelector: { disk: 'nvme' } }), 'big');
    expect(s).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [msg] });
  });

  it('narrows DaemonSet pods pinned by metadata.name in preFilter', () => {
    const pod = makePod('ds', { spec: required([], [{ key: 'metadata.name', operator: 'In', values: ['big'] }]) as never });
    expect([...pinnedNodeNames(pod)!]).toEqual(['big']);
    expect(pinnedNodeNames(makePod('p'))).toBeUndefined();
  });
});

describe('NodeAffinity score', () => {
  it('weights preferred terms', () => {
    const h = harness(newNodeAffinity, nodes);
    const pod = makePod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
              { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
            ],
          },
        },
      } as never,
    });
    expect(h.scores(pod)).toEqual({ big: 100, small: 50 });
  });
});
