import type { ScreenTaskResult } from './screen-task.js';

export interface ScreenRow extends ScreenTaskResult {
  readonly rank: number;
  /** Made at least the minimum number of closed trades. */
  readonly passed: boolean;
}

/**
 * Instruments that pass the trade filter first, each group by score (best first), ties broken by
 * symbol so the order is stable.
 */
export function rankScreen(results: readonly ScreenTaskResult[], minTrades: number): ScreenRow[] {
  return results
    .map((result) => ({ ...result, passed: result.metrics.trades >= minTrades }))
    .sort((a, b) => Number(b.passed) - Number(a.passed) || b.score - a.score || a.symbol.localeCompare(b.symbol))
    .map((row, i) => ({ ...row, rank: i + 1 }));
}
