import type { Candles } from './candles.js';
import type { Timeframe } from './timeframe.js';

/** Which series of bars: where they came from, the instrument and the bar length. */
export interface CandleKey {
  /** 'sandbox', 'csv', or an exchange id such as 'binance'. */
  readonly source: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/**
 * Where fetched or imported bars are kept between runs. A file-based cache serves now; the
 * database-backed one implements the same port.
 */
export interface CandleCache {
  get(key: CandleKey): Promise<Candles | undefined>;
  /** Replaces what is stored under the key. */
  put(key: CandleKey, candles: Candles): Promise<void>;
  list(): Promise<CandleKey[]>;
}
