import { backtestSpec, type Costs, type Metrics, type RailRejections } from '../backtest/index.js';
import { type Candles, sliceCandles } from '../core/index.js';
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
  venue?: string,
): OutOfSampleResult {
  const { metrics } = backtestSpec(spec, candles, { params, costs, start: splitIndex, venue });
  return { metrics, value: rawObjective(metrics, metric) };
}

/** What the evidence shows of one period: the run's metrics and objective, and buy-and-hold's return. */
export interface PeriodResult {
  readonly metrics: Metrics;
  readonly value: number;
  /** Buying at the period's first mark and holding to its last close, before costs. */
  readonly buyAndHold: number;
  /** Entries the spec's rails refused in the run, per rail. */
  readonly rejected: RailRejections['counts'];
}

export interface BestEvidence {
  /** A backtest of the in-sample bars alone: the run the search scored. */
  readonly inSample: PeriodResult;
  /** The out-of-sample run (see outOfSample). */
  readonly outOfSample: PeriodResult;
  /**
   * Those two runs drawn as one curve: the in-sample equity, then the out-of-sample equity scaled
   * to continue from where the in-sample run ended, so the curve's return over each period is that
   * run's total return. Buy-and-hold starts from the same cash on the first bar.
   */
  readonly equity: {
    readonly time: number[];
    readonly strategy: number[];
    readonly buyAndHold: number[];
    readonly splitIndex: number;
  };
}

/**
 * The best parameters judged on both sides of the split, as the runs that every figure of the
 * evidence is read from: the table's metrics, the headline's returns and the equity chart all come
 * from these two backtests, so they cannot disagree.
 */
export function bestEvidence(
  spec: CheckedSpec,
  candles: Candles,
  splitIndex: number,
  params: Readonly<Record<string, unknown>>,
  metric: ObjectiveMetric,
  costs?: Partial<Costs>,
  venue?: string,
): BestEvidence {
  const inRun = backtestSpec(spec, sliceCandles(candles, 0, splitIndex), { params, costs, venue });
  const outRun = backtestSpec(spec, candles, { params, costs, start: splitIndex, venue });
  const cash = inRun.initialCash;
  const carried = inRun.equity[splitIndex - 1] / cash;
  const strategy = [...Array.from(inRun.equity), ...Array.from(outRun.equity, (e) => e * carried)];
  const close = candles.close;
  const buyAndHold = Array.from(close, (c) => (cash * c) / close[0]);
  const last = close.length - 1;
  return {
    inSample: {
      metrics: inRun.metrics,
      value: rawObjective(inRun.metrics, metric),
      buyAndHold: close[splitIndex - 1] / close[0] - 1,
      rejected: inRun.rejections.counts,
    },
    outOfSample: {
      metrics: outRun.metrics,
      value: rawObjective(outRun.metrics, metric),
      buyAndHold: close[last] / close[splitIndex - 1] - 1,
      rejected: outRun.rejections.counts,
    },
    equity: { time: Array.from(candles.time), strategy, buyAndHold, splitIndex },
  };
}
