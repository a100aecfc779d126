import { describe, expect, it } from 'vitest';
import { limitRate, scaleDownLimit, scaleUpLimit, stabilize, type Behavior } from './behavior.ts';

const NOW = 1_000_000;
const ago = (s: number) => NOW - s * 1000;

describe('HPA behavior', () => {
  it('allows by default four more or double per 15 s, counting what this period already added', () => {
    expect(scaleUpLimit(2, [], NOW, undefined)).toBe(6);
    expect(scaleUpLimit(10, [], NOW, undefined)).toBe(20);
    expect(scaleUpLimit(6, [{ at: ago(5), change: 4 }], NOW, undefined)).toBe(6); // 2 at the period's start: 2+4 or 2×2
    expect(scaleUpLimit(6, [{ at: ago(20), change: 4 }], NOW, undefined)).toBe(12);
  });

  it('combines policies by selectPolicy and stops at Disabled', () => {
    const policies = [{ type: 'Pods', value: 1, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }];
    expect(scaleUpLimit(10, [], NOW, { scaleUp: { selectPolicy: 'Max', policies } })).toBe(15);
    expect(scaleUpLimit(10, [], NOW, { scaleUp: { selectPolicy: 'Min', policies } })).toBe(11);
    expect(scaleUpLimit(10, [], NOW, { scaleUp: { selectPolicy: 'Disabled', policies } })).toBe(10);
    expect(scaleDownLimit(10, [], NOW, { scaleDown: { selectPolicy: 'Max', policies } })).toBe(5);
    expect(scaleDownLimit(10, [], NOW, { scaleDown: { selectPolicy: 'Min', policies } })).toBe(9);
    expect(scaleDownLimit(8, [{ at: ago(30), change: -2 }], NOW, { scaleDown: { policies: [{ type: 'Pods', value: 3, periodSeconds: 60 }] } })).toBe(7);
  });

  it('stabilizes: down to the highest recommendation of its window, up to the lowest of its window', () => {
    const recs = [{ at: ago(200), replicas: 8 }, { at: ago(100), replicas: 3 }, { at: NOW, replicas: 2 }];
    // Default: no scale-up window, a 300 s scale-down window whose highest (8) is above current (5): stay at 5.
    expect(stabilize(recs, NOW, 2, 5, undefined)).toBe(5);
    expect(stabilize(recs, NOW, 2, 5, { scaleDown: { stabilizationWindowSeconds: 60 } })).toBe(2);
    const rising = [{ at: ago(30), replicas: 4 }, { at: NOW, replicas: 9 }];
    expect(stabilize(rising, NOW, 9, 3, { scaleUp: { stabilizationWindowSeconds: 60 } })).toBe(4);
    expect(stabilize(rising, NOW, 9, 3, undefined)).toBe(9);
  });

  it('names the limit that bound the count', () => {
    const b: Behavior = { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] } };
    expect(limitRate(20, 2, 1, 10, [], NOW, undefined)).toMatchObject({ replicas: 6, limited: true, reason: 'ScaleUpLimit' });
    expect(limitRate(20, 8, 1, 10, [], NOW, undefined)).toMatchObject({ replicas: 10, limited: true, reason: 'TooManyReplicas' });
    expect(limitRate(1, 5, 1, 10, [], NOW, b)).toMatchObject({ replicas: 4, limited: true, reason: 'ScaleDownLimit' });
    expect(limitRate(1, 5, 3, 10, [], NOW, undefined)).toMatchObject({ replicas: 3, limited: true, reason: 'TooFewReplicas' });
    expect(limitRate(4, 5, 1, 10, [], NOW, undefined)).toMatchObject({ replicas: 4, limited: false, reason: 'DesiredWithinRange' });
  });
});
