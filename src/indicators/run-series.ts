import { UsageError } from '../core/index.js';
import type { HlcIndicator, Indicator } from './types.js';

/**
 * Feeds every value to the indicator in order and collects the outputs. The indicator is not
 * reset first, so a series can be continued across calls.
 */
export function runSeries(indicator: Indicator, input: Float64Array): Float64Array {
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = indicator.update(input[i]);
  return out;
}

/** As runSeries, for indicators fed with high, low and close (ATR). */
export function runSeriesHlc(
  indicator: HlcIndicator,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
): Float64Array {
  const n = close.length;
  if (high.length !== n || low.length !== n) {
    throw new UsageError(
      `runSeriesHlc: high, low and close must have the same length, got ${high.length}, ${low.length}, ${n}`,
    );
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(high[i], low[i], close[i]);
  return out;
}
