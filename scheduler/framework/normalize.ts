/** Score normalization helpers shared by plugins. */
import { MaxNodeScore } from './types.ts';

/**
 * defaultNormalizeScore is Kubernetes' helper.DefaultNormalizeScore: scale so the highest
 * score becomes 100 (or, reversed, the lowest becomes 100); all zeros stay 0 (100 reversed).
 */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      scores[i] = reverse ? MaxNodeScore : 0;
      continue;
    }
    const s = Math.floor((MaxNodeScore * scores[i]) / max);
    scores[i] = reverse ? MaxNodeScore - s : s;
  }
}

/** minMaxNormalize maps [min, max] onto [0, 100]; equal scores all become 0. */
export function minMaxNormalize(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.floor((MaxNodeScore * (scores[i] - min)) / diff) : 0;
}
