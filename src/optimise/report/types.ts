import type { Metrics } from '../../backtest/index.js';
import type { WalkForwardResult } from '../walk-forward.js';

export type ReportParamValue = number | string | boolean;

/** One neighbour of the best value of a parameter, probed with every other parameter fixed. */
export interface ReportNeighbour {
  readonly value: ReportParamValue;
  /** null when the trial failed or was infeasible. */
  readonly objective: number | null;
}

export interface ReportRobustnessRow {
  readonly param: string;
  /** The best value of the parameter. */
  readonly value: ReportParamValue;
  /** The objective at the best parameters. */
  readonly best: number;
  /** Absent when the best value sits at the lower bound of the range. */
  readonly below?: ReportNeighbour;
  /** Absent when the best value sits at the upper bound of the range. */
  readonly above?: ReportNeighbour;
}

export interface InstrumentReport {
  /** Strategy name. */
  readonly spec: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** The objective, e.g. 'sharpe'. */
  readonly metric: string;
  readonly direction: 'maximize' | 'minimize';
  /** 'tpe' | 'tpe-independent' | 'random' | 'grid'. */
  readonly sampler: string;
  readonly seed: number;
  /** Completed trials. */
  readonly trials: number;
  /**
   * Times are epoch ms, of bars: in-sample is `from` to `inSampleTo` (its last bar), out-of-sample
   * `splitTime` (its first bar) to `to`, both ends included.
   */
  readonly split: {
    readonly ratio: number;
    readonly inSampleBars: number;
    readonly outOfSampleBars: number;
    readonly from: number;
    readonly inSampleTo: number;
    readonly splitTime: number;
    readonly to: number;
  };
  readonly best: {
    readonly params: Readonly<Record<string, ReportParamValue>>;
    readonly inSample: Metrics;
    readonly outOfSample: Metrics;
    readonly inSampleValue: number;
    readonly outOfSampleValue: number;
    /** (outOfSampleValue - inSampleValue) / |inSampleValue|; null when inSampleValue is 0 */
    readonly degradation: number | null;
  };
  /**
   * Buy-and-hold's return over the same periods as best.inSample and best.outOfSample, before
   * costs: in-sample from the first bar's close to the last in-sample close, out-of-sample from
   * there to the last close.
   */
  readonly buyAndHold: { readonly inSample: number; readonly outOfSample: number };
  /**
   * The runs behind best.inSample and best.outOfSample as one curve: the in-sample equity, then
   * the out-of-sample run (which starts flat at the split) scaled to go on from where the
   * in-sample run ended; buy-and-hold on the same bars from the same cash.
   */
  readonly equity: {
    readonly time: readonly number[];
    readonly strategy: readonly number[];
    readonly buyAndHold: readonly number[];
    /** Index of the first out-of-sample bar. */
    readonly splitIndex: number;
  };
  /** Every trial in order; value null for failed/infeasible ones. */
  readonly history: readonly { readonly number: number; readonly value: number | null; readonly best: number | null }[];
  /** Share of the objective's variation each parameter explains, summing to ~1, sorted descending. */
  readonly importance: readonly { readonly param: string; readonly importance: number }[];
  /** The objective one step either side of the best value of each numeric parameter, others fixed. */
  readonly robustness: readonly ReportRobustnessRow[];
  /** Rolling walk-forward folds, when asked for. */
  readonly walkForward?: WalkForwardResult;
}

/** The two rendered SVG documents a report page inlines. */
export interface ReportCharts {
  readonly equity: string;
  readonly history: string;
}
