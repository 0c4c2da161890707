import {
  allocateCandles,
  type BarFeed,
  type Candles,
  type Clock,
  type Timeframe,
  timeframeMs,
} from '../../core/index.js';
import type { SimMarket } from '../sim/index.js';

// How far back to look for a last close when the forming bar's open is needed.
const LOOKBACK_BARS = 50;

/**
 * A SimMarket over any BarFeed (an exchange's public OHLCV, or the sandbox). A feed gives closed
 * bars only, so the forming bar is made up from the last close: its open is the last closed bar's
 * close, which on a liquid market is within a tick of the real open. Only that open is ever read;
 * resting orders are matched against closed, real bars.
 */
export class FeedMarket implements SimMarket {
  private readonly stepMs: number;

  constructor(
    private readonly feed: BarFeed,
    readonly timeframe: Timeframe,
    private readonly clock: Clock,
  ) {
    this.stepMs = timeframeMs(timeframe);
  }

  async bars(symbol: string, from: number, upTo: number): Promise<Candles> {
    const now = this.clock.now();
    const closed = await this.feed.closedBars(symbol, this.timeframe, from, Math.min(now, upTo + this.stepMs));
    if (upTo + this.stepMs <= now) return closed; // the bar containing upTo has closed
    const last =
      closed.length > 0
        ? closed
        : await this.feed.closedBars(symbol, this.timeframe, upTo - LOOKBACK_BARS * this.stepMs, now);
    if (last.length === 0) return closed;
    const lastTime = last.time[last.length - 1];
    const formingTime = lastTime + Math.floor((upTo - lastTime) / this.stepMs) * this.stepMs;
    if (formingTime === lastTime || formingTime < from) return closed;
    return withBar(closed, formingTime, last.close[last.length - 1]);
  }
}

/** `candles` plus one flat bar at `time` priced `price`. */
function withBar(candles: Candles, time: number, price: number): Candles {
  const n = candles.length;
  const out = allocateCandles(n + 1);
  for (const column of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) out[column].set(candles[column]);
  out.time[n] = time;
  out.open[n] = out.high[n] = out.low[n] = out.close[n] = price;
  return out;
}
