import { backtestSpec, type Costs, type Metrics } from '../backtest/index.js';
import type { Candles } from '../core/index.js';
import type { CheckedSpec } from '../spec/index.js';
import { type ObjectiveMetric, objectiveValue } from './objective.js';

/** The objective of a backtest with no constraint applied, for side-by-side comparisons. */
export const rawObjective = (metrics: Metrics, metric: ObjectiveMetric): number =>
  objectiveValue(metrics, metric, { minTrades: 0 }) as number;

export interface OutOfSampleResult {
  readonly metrics: Metrics;
  readonly value: number;
}

/**
 * The best parameters judged on bars they were not chosen on: the run starts at the split, with
 * the in-sample bars used only to warm the indicators up.
 */
export function outOfSample(
  spec: CheckedSpec,
  candles: Candles,
  splitIndex: number,
  params: Readonly<Record<string, unknown>>,
  metric: ObjectiveMetric,
  costs?: Partial<Costs>,
): OutOfSampleResult {
  const { metrics } = backtestSpec(spec, candles, { params, costs, start: splitIndex });
  return { metrics, value: rawObjective(metrics, metric) };
}

export interface EquityEvidence {
  readonly time: number[];
  readonly strategy: number[];
  readonly buyAndHold: number[];
}

/** One continuous run of the best parameters over every bar, beside buying and holding. */
export function equityEvidence(
  spec: CheckedSpec,
  candles: Candles,
  params: Readonly<Record<string, unknown>>,
  costs?: Partial<Costs>,
): EquityEvidence {
  const result = backtestSpec(spec, candles, { params, costs });
  const first = candles.close[0];
  return {
    time: Array.from(candles.time),
    strategy: Array.from(result.equity),
    buyAndHold: Array.from(candles.close, (c) => (result.initialCash * c) / first),
  };
}
