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
