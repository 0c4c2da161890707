export type { CandleCache, CandleKey } from './candle-cache.js';
export { allocateCandles, CANDLE_COLUMNS, type CandleColumn, type Candles, sliceCandles } from './candles.js';
export { ExitCode, FleetError, InputError, SafetyError, UsageError } from './errors.js';
export type { Progress, ProgressEvent } from './progress.js';
export { createRandom, hashSeed, type Random } from './random.js';
export { barsPerYear, isTimeframe, parseTimeframe, TIMEFRAMES, type Timeframe, timeframeMs } from './timeframe.js';
