import { compositeScore, type Metrics } from '../backtest/index.js';
import { didYouMean, UsageError } from '../core/index.js';

/** What an optimisation maximises: a metric of the in-sample backtest. */
export const OBJECTIVE_METRICS = ['sharpe', 'sortino', 'calmar', 'total_return', 'score'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];

export function parseMetric(name: string): ObjectiveMetric {
  if ((OBJECTIVE_METRICS as readonly string[]).includes(name)) return name as ObjectiveMetric;
  throw new UsageError(
    `unknown metric '${name}'${didYouMean(name, OBJECTIVE_METRICS)} (expected ${OBJECTIVE_METRICS.join(', ')})`,
  );
}

/** Limits a trial must respect to count; a trial that breaks one scores nothing. */
export interface ObjectiveConstraints {
  /** Fewest closed trades (default 10): a handful of lucky trades proves nothing. */
  readonly minTrades: number;
  /** Deepest acceptable drawdown as a fraction, if any. */
  readonly maxDrawdown?: number;
}

export const DEFAULT_OBJECTIVE_CONSTRAINTS: ObjectiveConstraints = { minTrades: 10 };

/** The objective of one backtest, or null when it broke a constraint. */
export function objectiveValue(
  metrics: Metrics,
  metric: ObjectiveMetric,
  constraints: ObjectiveConstraints,
): number | null {
  if (metrics.trades < constraints.minTrades) return null;
  if (constraints.maxDrawdown !== undefined && metrics.maxDrawdown > constraints.maxDrawdown) return null;
  switch (metric) {
    case 'sharpe':
      return metrics.sharpe;
    case 'sortino':
      return metrics.sortino;
    case 'calmar':
      return metrics.calmar;
    case 'total_return':
      return metrics.totalReturn;
    case 'score':
      return compositeScore(metrics, { minTrades: constraints.minTrades });
  }
}
