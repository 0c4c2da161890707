import type { VenueCalendar } from '../../calendar/index.js';
import { allocateCandles, type Candles, sliceCandles, type Timeframe } from '../../core/index.js';

/** Where a simulated exchange gets its prices: invented (sandbox), recorded (replay) or public (paper). */
export interface SimMarket {
  /**
   * Bars of `symbol` at the market's timeframe with open time >= `from` and <= `upTo`, oldest
   * first. The bar containing `upTo` is included and may still be forming: the exchange looks at a
   * forming bar's open only. No bars at all means the market does not know the symbol.
   */
  bars(symbol: string, from: number, upTo: number): Promise<Candles>;
  readonly timeframe: Timeframe;
  /**
   * A market with sessions (the sandbox's equity mode): while it is closed there is no forming
   * bar, so a market order waits for the next session's first bar and fills at its open.
   */
  readonly calendar?: VenueCalendar;
}

export const NO_BARS: Candles = allocateCandles(0);

/** The bars of `candles` with open time in [from, upTo], as a view (binary search on time). */
export function barsBetween(candles: Candles, from: number, upTo: number): Candles {
  return sliceCandles(candles, firstAtOrAfter(candles.time, from), firstAtOrAfter(candles.time, upTo + 1));
}

function firstAtOrAfter(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
