import { describe, expect, it } from 'vitest';
import { newTaintToleration } from './taint-toleration.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const gpu = { key: 'gpu', value: 'true', effect: 'NoExecute' };
const soft = { key: 'spot', value: 'yes', effect: 'PreferNoSchedule' };

describe('TaintToleration filter', () => {
  const h = harness(newTaintToleration, [makeNode('plain'), makeNode('cp', { taints: [cp] }), makeNode('gpu', { taints: [gpu] }), makeNode('soft', { taints: [soft] })]);
  it.each([
    { name: 'untainted node', node: 'plain', tol: undefined, want: undefined },
    { name: 'NoSchedule taint, empty value', node: 'cp', tol: undefined, want: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }' },
    { name: 'NoExecute taint with value', node: 'gpu', tol: undefined, want: 'node(s) had untolerated taint {gpu: true}' },
    { name: 'PreferNoSchedule never filters', node: 'soft', tol: undefined, want: undefined },
    { name: 'Exists toleration', node: 'cp', tol: [{ key: cp.key, operator: 'Exists' }], want: undefined },
    { name: 'Equal toleration, matching value', node: 'gpu', tol: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoExecute' }], want: undefined },
    { name: 'Equal toleration, wrong value', node: 'gpu', tol: [{ key: 'gpu', operator: 'Equal', value: 'false' }], want: 'node(s) had untolerated taint {gpu: true}' },
    { name: 'wrong effect', node: 'gpu', tol: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }], want: 'node(s) had untolerated taint {gpu: true}' },
    { name: 'empty key Exists tolerates everything', node: 'gpu', tol: [{ operator: 'Exists' }], want: undefined },
  ])('$name', ({ node, tol, want }) => {
    expect(h.filter(makePod('p', { tolerations: tol }), node)?.reasons[0]).toBe(want);
  });
});

describe('TaintToleration score', () => {
  it('prefers nodes without untolerated PreferNoSchedule taints', () => {
    const h = harness(newTaintToleration, [makeNode('plain'), makeNode('soft', { taints: [soft] })]);
    expect(h.scores(makePod('p'))).toEqual({ plain: 100, soft: 0 });
    expect(h.scores(makePod('p', { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] }))).toEqual({ plain: 100, soft: 100 });
  });
});
