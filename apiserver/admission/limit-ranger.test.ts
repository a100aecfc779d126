import { describe, expect, it } from 'vitest';
import { applyLimitRangeDefaults } from './limit-ranger.ts';

const range = { metadata: { name: 'r' }, spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } }] } };

describe('applyLimitRangeDefaults', () => {
  it.each([
    ['fills limits and requests of a bare container', {}, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } }],
    ['keeps what the container sets', { limits: { cpu: '2' }, requests: { cpu: '1' } }, { limits: { cpu: '2', memory: '256Mi' }, requests: { cpu: '1', memory: '256Mi' } }],
  ])('%s', (_n, resources, want) => {
    const spec = { containers: [{ name: 'c', resources: structuredClone(resources) }] };
    applyLimitRangeDefaults(spec, [range]);
    expect(spec.containers[0].resources).toEqual(want);
  });

  it('changes nothing without a LimitRange', () => {
    const spec = { containers: [{ name: 'c' }] as { name: string; resources?: object }[] };
    applyLimitRangeDefaults(spec, []);
    expect(spec.containers[0].resources).toBeUndefined();
  });
});
