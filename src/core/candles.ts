/**
 * Columnar OHLCV bars. Each column is a Float64Array of the same length, so a backtest walks plain
 * typed arrays and a worker can receive them without copying object graphs. `time` is the bar's
 * open time in epoch milliseconds, strictly increasing.
 */
export interface Candles {
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export const CANDLE_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];

export function allocateCandles(length: number): Candles {
  return {
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** A view of bars [start, end) sharing memory with `candles`. */
export function sliceCandles(candles: Candles, start: number, end: number = candles.length): Candles {
  const from = Math.max(0, Math.min(start, candles.length));
  const to = Math.max(from, Math.min(end, candles.length));
  return {
    length: to - from,
    time: candles.time.subarray(from, to),
    open: candles.open.subarray(from, to),
    high: candles.high.subarray(from, to),
    low: candles.low.subarray(from, to),
    close: candles.close.subarray(from, to),
    volume: candles.volume.subarray(from, to),
  };
}
