/**
 * Incremental technical indicators: O(1) per bar, no allocation per update. Each consumes one
 * bar per `update` and returns NaN while warming up; see types.ts for the shared conventions.
 */
export { Atr } from './atr.js';
export { Bbands } from './bbands.js';
export { CrossAbove } from './cross-above.js';
export { CrossBelow } from './cross-below.js';
export { Ema } from './ema.js';
export { Highest } from './highest.js';
export { Lag } from './lag.js';
export { Lowest } from './lowest.js';
export { Macd } from './macd.js';
export { Roc } from './roc.js';
export { Rsi } from './rsi.js';
export { runSeries, runSeriesHlc } from './run-series.js';
export { Sma } from './sma.js';
export { Stdev } from './stdev.js';
export type { HlcIndicator, Indicator } from './types.js';
export { Wma } from './wma.js';
