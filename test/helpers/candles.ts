import { allocateCandles, type Candles } from '../../src/core/index.js';

/** Candles from rows of [open, high, low, close], one hour apart, volume 1. */
export function candlesFrom(rows: readonly (readonly [number, number, number, number])[]): Candles {
  const candles = allocateCandles(rows.length);
  rows.forEach(([o, h, l, c], i) => {
    candles.time[i] = Date.UTC(2024, 0, 1) + i * 3_600_000;
    candles.open[i] = o;
    candles.high[i] = h;
    candles.low[i] = l;
    candles.close[i] = c;
    candles.volume[i] = 1;
  });
  return candles;
}
