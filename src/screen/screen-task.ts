import { backtestSpec, type Costs, compositeScore, type Metrics } from '../backtest/index.js';
import { type DataSource, loadCandles } from '../data/index.js';
import { loadSpec } from '../spec/index.js';

/** One instrument's backtest, as plain data so it can cross to a worker thread and back. */
export interface ScreenTask {
  readonly spec: unknown;
  readonly symbol: string;
  readonly source: DataSource;
  readonly bars: number;
  readonly seed: number;
  readonly params?: Record<string, unknown>;
  readonly costs?: Partial<Costs>;
  readonly minTrades: number;
}

export interface ScreenTaskResult {
  readonly symbol: string;
  readonly score: number;
  readonly metrics: Metrics;
  readonly bars: number;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly warnings: readonly string[];
}

export async function runScreenTask(task: ScreenTask): Promise<ScreenTaskResult> {
  const checked = loadSpec(task.spec);
  const { candles, warnings } = await loadCandles(task.source, {
    symbol: task.symbol,
    timeframe: checked.spec.timeframe,
    bars: task.bars,
    seed: task.seed,
  });
  const result = backtestSpec(checked, candles, { params: task.params, costs: task.costs });
  return {
    symbol: task.symbol,
    score: compositeScore(result.metrics, { minTrades: task.minTrades }),
    metrics: result.metrics,
    bars: candles.length,
    firstTime: candles.length > 0 ? candles.time[0] : Number.NaN,
    lastTime: candles.length > 0 ? candles.time[candles.length - 1] : Number.NaN,
    warnings,
  };
}
