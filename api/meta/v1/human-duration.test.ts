import { describe, expect, it } from 'vitest';
import { humanDuration, translateTimestampSince } from './human-duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  const cases: Array<[number, string]> = [
    [-3 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [3 * M + 20 * S, '3m20s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [5 * H + 10 * M, '5h10m'],
    [8 * H + 30 * M, '8h'],
    [45 * H, '45h'],
    [48 * H, '2d'],
    [3 * D + 4 * H, '3d4h'],
    [7 * D, '7d'],
    [8 * D + 5 * H, '8d'],
    [400 * D, '400d'],
    [365 * 2 * D, '2y'],
    [365 * 2 * D + 30 * D, '2y30d'],
    [365 * 9 * D, '9y'],
  ];
  it.each(cases)('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('translates timestamps relative to now', () => {
    const now = new Date('2024-01-01T00:10:00Z');
    expect(translateTimestampSince('2024-01-01T00:00:00Z', now)).toBe('10m');
    expect(translateTimestampSince(undefined, now)).toBe('<unknown>');
    expect(translateTimestampSince('garbage', now)).toBe('<unknown>');
  });
});
