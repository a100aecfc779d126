import { describe, expect, it } from 'vitest';
import { newNodeResourcesFit } from './node-resources-fit.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';
import { podRequests } from '../../framework/resources.ts';

describe('NodeResourcesFit filter', () => {
  const nodes = [makeNode('n', { cpu: '2', memory: '4Gi', pods: '3', ephemeralStorage: '10Gi' })];
  const bound = [makePod('a', { cpu: '1', memory: '1Gi', nodeName: 'n' }), makePod('b', { cpu: '500m', memory: '1Gi', nodeName: 'n' })];
  const h = harness(newNodeResourcesFit, nodes, bound);
  it.each([
    { name: 'fits exactly', cpu: '500m', memory: '2Gi', want: [] as string[] },
    { name: 'no requests fit', cpu: undefined, memory: undefined, want: [] },
    { name: 'cpu short', cpu: '600m', memory: '1Gi', want: ['Insufficient cpu'] },
    { name: 'memory short', cpu: '100m', memory: '3Gi', want: ['Insufficient memory'] },
    { name: 'both short', cpu: '3', memory: '3Gi', want: ['Insufficient cpu', 'Insufficient memory'] },
  ])('$name', ({ cpu, memory, want }) => {
    const s = h.filter(makePod('p', { cpu, memory }), 'n');
    expect(s?.reasons ?? []).toEqual(want);
    if (want.length) expect(s?.code).toBe('Unschedulable');
  });

  it('counts pods against allocatable pods', () => {
    h.cache.addPod(makePod('c', { nodeName: 'n' }));
    expect(h.filter(makePod('p'), 'n')?.reasons).toEqual(['Too many pods']);
  });

  it('checks ephemeral-storage', () => {
    const h2 = harness(newNodeResourcesFit, nodes);
    const pod = makePod('p', { spec: { containers: [{ name: 'x', image: 'i', resources: { requests: { 'ephemeral-storage': '20Gi' } } }] } as never });
    expect(h2.filter(pod, 'n')?.reasons).toEqual(['Insufficient ephemeral-storage']);
  });
});

describe('pod requests', () => {
  const c = (name: string, cpu: string, extra = {}) => ({ name, image: 'i', resources: { requests: { cpu } }, ...extra });
  it.each([
    { name: 'sum of app containers', spec: { containers: [c('a', '1'), c('b', '500m')] }, want: 1500 },
    { name: 'init larger than apps: max(init, sum)', spec: { initContainers: [c('i', '3')], containers: [c('a', '1'), c('b', '1')] }, want: 3000 },
    { name: 'init smaller than apps', spec: { initContainers: [c('i', '1')], containers: [c('a', '1'), c('b', '1')] }, want: 2000 },
    { name: 'init containers are not summed', spec: { initContainers: [c('i', '1'), c('j', '1')], containers: [c('a', '500m')] }, want: 1000 },
    { name: 'sidecar adds to apps and later inits', spec: { initContainers: [c('s', '1', { restartPolicy: 'Always' }), c('j', '2')], containers: [c('a', '500m')] }, want: 3000 },
    { name: 'limits stand in for missing requests', spec: { containers: [{ name: 'a', image: 'i', resources: { limits: { cpu: '250m' } } }] }, want: 250 },
    { name: 'overhead added', spec: { containers: [c('a', '1')], overhead: { cpu: '100m' } }, want: 1100 },
  ])('$name', ({ spec, want }) => {
    expect(podRequests(makePod('p', { spec: spec as never })).milliCpu).toBe(want);
  });
});

describe('NodeResourcesFit score', () => {
  const nodes = [makeNode('empty', { cpu: '4', memory: '8Gi' }), makeNode('half', { cpu: '4', memory: '8Gi' })];
  const bound = [makePod('x', { cpu: '2', memory: '4Gi', nodeName: 'half' })];
  const pod = makePod('p', { cpu: '1', memory: '2Gi' });
  it('LeastAllocated prefers the emptier node', () => {
    const s = harness(newNodeResourcesFit, nodes, bound).scores(pod);
    expect(s.empty).toBe(75);
    expect(s.half).toBe(25);
  });
  it('MostAllocated prefers the fuller node', () => {
    const s = harness(newNodeResourcesFit, nodes, bound, {}, 'MostAllocated').scores(pod);
    expect(s.empty).toBe(25);
    expect(s.half).toBe(75);
  });
});
