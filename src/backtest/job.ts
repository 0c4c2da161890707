import { type DataSource, loadCandles } from '../data/index.js';
import type { CheckedSpec } from '../spec/index.js';
import { backtestSpec, type SpecBacktestOptions, type SpecBacktestResult } from './run-spec.js';

export interface BacktestJob extends SpecBacktestOptions {
  readonly spec: CheckedSpec;
  readonly symbol: string;
  readonly source: DataSource;
  readonly bars: number;
  readonly seed?: number;
}

export interface BacktestJobResult {
  readonly symbol: string;
  readonly result: SpecBacktestResult;
  readonly time: Float64Array;
  /** Data warnings (gaps in a CSV), to be shown to the user. */
  readonly warnings: readonly string[];
}

/** Loads the instrument's bars from the source and backtests the spec on them. */
export async function runBacktestJob(job: BacktestJob): Promise<BacktestJobResult> {
  const { candles, warnings } = await loadCandles(job.source, {
    symbol: job.symbol,
    timeframe: job.spec.spec.timeframe,
    bars: job.bars,
    seed: job.seed ?? 0,
  });
  // Sandbox session data keeps its venue's trading day for the daily-loss breaker.
  const venue = job.venue ?? (job.source.kind === 'sandbox' ? job.source.venue : undefined);
  const result = backtestSpec(job.spec, candles, { ...job, venue });
  return { symbol: job.symbol, result, time: candles.time, warnings };
}
