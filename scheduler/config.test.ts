import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('defaults to every plugin, default weights, LeastAllocated', () => {
    const cfg = parseConfig(undefined);
    expect(cfg).toEqual(defaultConfig());
    expect(cfg.enabled).toContain('NodeResourcesFit');
    expect(cfg.weights.TaintToleration).toBe(3);
    expect(cfg.scoringStrategy).toBe('LeastAllocated');
  });

  it('reads plugins, weights and bin-packing mode from YAML', () => {
    const cfg = parseConfig(parse(`
schedulerName: batch
plugins:
  disabled: [ImageLocality, SelectorSpread]
weights:
  NodeResourcesFit: 5
scoringStrategy: MostAllocated
`));
    expect(cfg.schedulerName).toBe('batch');
    expect(cfg.enabled).not.toContain('ImageLocality');
    expect(cfg.enabled).not.toContain('SelectorSpread');
    expect(cfg.enabled).toContain('NodePorts');
    expect(cfg.weights.NodeResourcesFit).toBe(5);
    expect(cfg.scoringStrategy).toBe('MostAllocated');
  });

  it("disables all with '*' and re-enables some", () => {
    const cfg = parseConfig({ plugins: { disabled: ['*'], enabled: ['NodeResourcesFit', { name: 'TaintToleration' }] } });
    expect(cfg.enabled).toEqual(['TaintToleration', 'NodeResourcesFit']);
  });

  it.each([
    { doc: { plugins: { disabled: ['NoSuchPlugin'] } }, err: /unknown plugin "NoSuchPlugin"/ },
    { doc: { weights: { NodeResourcesFit: -1 } }, err: /weights.NodeResourcesFit/ },
    { doc: { scoringStrategy: 'Random' }, err: /scoringStrategy/ },
    { doc: { colour: 'blue' }, err: /unknown field "colour"/ },
    { doc: 'text', err: /must be a mapping/ },
  ])('rejects $doc', ({ doc, err }) => {
    expect(() => parseConfig(doc)).toThrow(err);
  });
});
