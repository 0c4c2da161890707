import type { Metrics } from './metrics.js';

/**
 * The composite score that ranks instruments in a screen (docs/backtest.md explains it):
 *
 *   score = sharpe - tradePenalty - drawdownPenalty
 *   tradePenalty    = 2 * max(0, 1 - trades / minTrades)      a strategy that barely trades proves nothing
 *   drawdownPenalty = 4 * max(0, maxDrawdown - 0.20)            every point of drawdown past 20% costs 0.04
 *
 * Sharpe is the base because it is scale-free and comparable across instruments. A run with no
 * trades scores -2; a Sharpe-2 run with a 45% drawdown scores 1.
 */
export const SCORE_DEFAULTS = { minTrades: 20, drawdownAllowance: 0.2, tradeWeight: 2, drawdownWeight: 4 } as const;

export interface ScoreOptions {
  readonly minTrades?: number;
}

export function compositeScore(metrics: Metrics, options: ScoreOptions = {}): number {
  const minTrades = options.minTrades ?? SCORE_DEFAULTS.minTrades;
  const tradePenalty = minTrades > 0 ? SCORE_DEFAULTS.tradeWeight * Math.max(0, 1 - metrics.trades / minTrades) : 0;
  const drawdownPenalty =
    SCORE_DEFAULTS.drawdownWeight * Math.max(0, metrics.maxDrawdown - SCORE_DEFAULTS.drawdownAllowance);
  return metrics.sharpe - tradePenalty - drawdownPenalty;
}
