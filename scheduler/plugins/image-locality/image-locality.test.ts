import { describe, expect, it } from 'vitest';
import { imageScore, newImageLocality } from './image-locality.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

const mb = 1024 * 1024;

describe('ImageLocality', () => {
  it.each([
    { sum: 0, n: 1, want: 0 },
    { sum: 23 * mb, n: 1, want: 0 },
    { sum: 1000 * mb, n: 1, want: 100 },
    { sum: 5000 * mb, n: 1, want: 100 },
  ])('imageScore($sum, $n) = $want', ({ sum, n, want }) => {
    expect(imageScore(sum, n)).toBe(want);
  });

  it('prefers nodes holding the image, under any of its names', () => {
    const nodes = [
      makeNode('has', { images: [{ names: ['docker.io/library/busybox:1.36'], sizeBytes: 800 * mb }] }),
      makeNode('none'),
    ];
    const s = harness(newImageLocality, nodes).scores(makePod('p'));
    expect(s.has).toBeGreaterThan(0);
    expect(s.none).toBe(0);
  });
});
