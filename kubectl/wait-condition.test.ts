import { describe, expect, it } from 'vitest';
import { parseWaitFor } from './wait-condition.ts';

const pod = { metadata: { name: 'p' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'False' }] } };

describe('parseWaitFor', () => {
  it.each([
    ['condition=Ready', true],
    ['condition=ready=true', true],
    ['condition=Initialized', false],
    ['condition=Initialized=False', true],
    ['jsonpath={.status.phase}=Running', true],
    ["jsonpath='{.status.phase}'=Pending".replace(/'/g, ''), false],
    ['jsonpath={.status.phase}', true],
    ['jsonpath={.status.podIP}', false],
  ])('%s → %s', (spec, want) => {
    const f = parseWaitFor(spec);
    expect(f.kind === 'test' && f.test(pod)).toBe(want);
  });

  it('understands delete and rejects nonsense', () => {
    expect(parseWaitFor('delete')).toEqual({ kind: 'delete' });
    expect(() => parseWaitFor('ready')).toThrow(/unrecognized condition/);
  });
});
