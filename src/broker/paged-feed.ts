import {
  allocateCandles,
  type BarFeed,
  BrokerUnavailableError,
  type Candles,
  FleetError,
  type Timeframe,
  timeframeMs,
} from '../core/index.js';
import { type OhlcvRow, TemporaryExchangeError } from '../exchange/index.js';

/** One request's worth of bars from `since` (inclusive), at most `limit`, oldest first. */
export type BarPage = (symbol: string, timeframe: Timeframe, since: number, limit: number) => Promise<OhlcvRow[]>;

/**
 * A BarFeed over a venue's paged bar API: pages forward from `from`, keeps only bars that have
 * closed by `now` (a runner never decides on a bar still forming), and turns a venue that does
 * not answer into BrokerUnavailableError. `name` names the venue in errors; `pageSize` is the
 * most bars one request may ask for.
 */
export function createPagedFeed(name: string, page: BarPage, pageSize: number): BarFeed {
  return {
    async closedBars(
      symbol: string,
      timeframe: Timeframe,
      from: number,
      now: number,
      limit?: number,
    ): Promise<Candles> {
      const step = timeframeMs(timeframe);
      const want = limit ?? Number.POSITIVE_INFINITY;
      const rows: OhlcvRow[] = [];
      let cursor = from;
      while (rows.length < want && cursor + step <= now) {
        const size = Math.min(pageSize, want - rows.length + 1);
        const bars = await fetchPage(name, page, symbol, timeframe, cursor, size);
        let open = false;
        for (const row of bars) {
          const time = row[0];
          if (typeof time !== 'number' || time < cursor) continue;
          if (time + step > now) {
            open = true;
            break;
          }
          if (rows.length < want) rows.push(row);
        }
        const last = rows.at(-1)?.[0];
        if (open || bars.length < size || last === undefined || last < cursor) break;
        cursor = last + step;
      }
      return toCandles(rows, `${name} ${symbol}`);
    },
  };
}

async function fetchPage(
  name: string,
  page: BarPage,
  symbol: string,
  timeframe: Timeframe,
  since: number,
  limit: number,
): Promise<OhlcvRow[]> {
  try {
    return await page(symbol, timeframe, since, limit);
  } catch (error) {
    if (error instanceof TemporaryExchangeError) {
      throw new BrokerUnavailableError(`${name} did not send ${symbol} bars: ${error.message}`, undefined, {
        cause: error,
      });
    }
    throw error;
  }
}

function toCandles(rows: readonly OhlcvRow[], origin: string): Candles {
  const candles = allocateCandles(rows.length);
  rows.forEach((row, i) => {
    const [time, open, high, low, close, volume = 0] = row;
    const values = [time, open, high, low, close, volume];
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v)) || (i > 0 && time <= rows[i - 1][0])) {
      throw new FleetError(`${origin}: bad bar ${JSON.stringify(row)} from the exchange`);
    }
    candles.time[i] = time;
    candles.open[i] = open;
    candles.high[i] = high;
    candles.low[i] = low;
    candles.close[i] = close;
    candles.volume[i] = volume;
  });
  return candles;
}
