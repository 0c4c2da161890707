export { type BacktestOptions, type BacktestResult, DEFAULT_INITIAL_CASH, runBacktest } from './engine.js';
export { type BacktestJob, type BacktestJobResult, runBacktestJob } from './job.js';
export { computeMetrics, type Metrics, type MetricsInput } from './metrics.js';
export { bpsToRate, type Costs, DEFAULT_COSTS, feeFor, marketFillPrice } from './models/costs.js';
export {
  bookEquity,
  bookFill,
  bookSplit,
  cashAfterClose,
  cashAfterOpen,
  entryQuantity,
  type FillSplit,
  type FillTerms,
  reducible,
  splitFill,
  stopFillPrice,
  stopLevel,
  stopReached,
  targetFillPrice,
  targetLevel,
  targetReached,
} from './models/fill.js';
export { NO_REJECTIONS, type RailRejection, type RailRejections } from './research-rails.js';
export { backtestSpec, resolveCosts, type SpecBacktestOptions, type SpecBacktestResult } from './run-spec.js';
export { compositeScore, SCORE_DEFAULTS, type ScoreOptions } from './score.js';
export type { ExitReason, OpenPosition, Trade } from './trade.js';
