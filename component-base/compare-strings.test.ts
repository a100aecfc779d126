import { describe, expect, it } from 'vitest';
import { compareStrings } from './compare-strings.ts';

describe('compareStrings', () => {
  it('orders by code unit, as Go orders names', () => {
    expect(['web', 'api-2', 'api', 'Zeta', 'api-10', 'db0'].sort(compareStrings)).toEqual(['Zeta', 'api', 'api-10', 'api-2', 'db0', 'web']);
  });

  it('is 0 only for equal strings', () => {
    expect(compareStrings('a', 'a')).toBe(0);
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('b', 'a')).toBe(1);
    expect(compareStrings('', 'a')).toBe(-1);
  });
});
