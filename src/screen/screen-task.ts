import { backtestSpec, type Costs, compositeScore, type Metrics, type RailRejections } from '../backtest/index.js';
import { CandleMemory, type DataSource, databaseCandleLoader, loadCandles, sourceVenue } from '../data/index.js';
import type { CheckedSpec } from '../spec/index.js';

/**
 * One instrument's backtest, as plain data so it can cross to a worker thread and back. The spec
 * travels already checked (its trees are plain objects), so a worker never validates and never
 * loads the validator.
 */
export interface ScreenTask {
  readonly spec: CheckedSpec;
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
  /** Entries the spec's rails refused, per rail (empty when none were). */
  readonly rejected: RailRejections['counts'];
  readonly bars: number;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly warnings: readonly string[];
}

/**
 * Memory each thread reuses from one instrument to the next: screening keeps only metrics, so the
 * bars and the equity curve of one backtest are dead once the next begins.
 */
const memory = new CandleMemory();
let equityBuffer = new Float64Array(0);

export async function runScreenTask(task: ScreenTask): Promise<ScreenTaskResult> {
  // A worker thread reading from the database opens its own connection to it.
  if (task.source.kind === 'database' && !databaseCandleLoader()) {
    (await import('../store/index.js')).readCandlesFromDatabase();
  }
  const checked = task.spec;
  const { candles, warnings } = await loadCandles(task.source, {
    symbol: task.symbol,
    timeframe: checked.spec.timeframe,
    bars: task.bars,
    seed: task.seed,
    memory,
  });
  if (equityBuffer.length < candles.length) equityBuffer = new Float64Array(Math.ceil(candles.length * 1.25));
  const result = backtestSpec(checked, candles, {
    params: task.params,
    costs: task.costs,
    equityBuffer,
    venue: sourceVenue(task.source),
  });
  return {
    symbol: task.symbol,
    score: compositeScore(result.metrics, { minTrades: task.minTrades }),
    metrics: result.metrics,
    rejected: result.rejections.counts,
    bars: candles.length,
    firstTime: candles.length > 0 ? candles.time[0] : Number.NaN,
    lastTime: candles.length > 0 ? candles.time[candles.length - 1] : Number.NaN,
    warnings,
  };
}
