import { UsageError } from '../core/index.js';

/** In-sample bars are [0, splitIndex); out-of-sample bars are [splitIndex, length). */
export interface SplitPlan {
  readonly ratio: number;
  readonly length: number;
  readonly splitIndex: number;
}

/** Fewest bars either side of the split for a result to mean anything. */
export const MIN_SPLIT_BARS = 200;

export function planSplit(length: number, ratio: number): SplitPlan {
  if (!(ratio > 0 && ratio < 1)) throw new UsageError(`--split must be between 0 and 1 (exclusive), got ${ratio}`);
  const splitIndex = Math.floor(length * ratio);
  const outOfSample = length - splitIndex;
  if (splitIndex < MIN_SPLIT_BARS || outOfSample < MIN_SPLIT_BARS) {
    throw new UsageError(
      `too little data for --split ${ratio}: ${length} bars give ${splitIndex} in-sample and ${outOfSample} out-of-sample; each side needs at least ${MIN_SPLIT_BARS}`,
    );
  }
  return { ratio, length, splitIndex };
}

/** One walk-forward fold: tune on [trainStart, trainEnd), judge on [trainEnd, testEnd). */
export interface WalkForwardFold {
  readonly fold: number;
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testEnd: number;
}

/**
 * k rolling windows: the out-of-sample share of the bars is cut into k test windows, and each
 * is preceded by a training window as long as the in-sample share, rolling forward one test
 * window at a time. Every test window is judged with parameters tuned only on bars before it.
 */
export function planWalkForward(length: number, ratio: number, folds: number): WalkForwardFold[] {
  if (!Number.isInteger(folds) || folds < 1)
    throw new UsageError(`--walk-forward must be a whole number >= 1, got ${folds}`);
  const { splitIndex } = planSplit(length, ratio);
  const testLength = Math.floor((length - splitIndex) / folds);
  if (testLength < MIN_SPLIT_BARS) {
    throw new UsageError(
      `too little data for --walk-forward ${folds}: test windows of ${testLength} bars; each needs at least ${MIN_SPLIT_BARS}`,
    );
  }
  return Array.from({ length: folds }, (_, fold) => ({
    fold,
    trainStart: fold * testLength,
    trainEnd: splitIndex + fold * testLength,
    testEnd: splitIndex + (fold + 1) * testLength,
  }));
}
