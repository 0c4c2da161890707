import {
  allocateCandles,
  type BarFeed,
  BrokerUnavailableError,
  type Candles,
  FleetError,
  type Timeframe,
  timeframeMs,
} from '../../core/index.js';
import { type ExchangeClient, fetchOhlcvPage, type OhlcvRow, TemporaryExchangeError } from '../../exchange/index.js';
import { type PublicClientOptions, publicSpotClient } from './public-client.js';

/** Which exchange, and how to reach it: the feed needs no keys. */
export type CcxtFeedOptions = PublicClientOptions;

/** Bars per request; binance serves up to 1000. */
const PAGE = 1000;

/**
 * Bars from an exchange's public OHLCV (no keys): only bars that have closed by `now`, so a
 * runner never decides on a bar still forming. The exchange client is made on first use.
 */
export function createCcxtFeed(options: CcxtFeedOptions): BarFeed {
  let client: Promise<ExchangeClient> | undefined;
  const connect = (): Promise<ExchangeClient> => {
    client ??= publicSpotClient(options).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };
  return {
    async closedBars(
      symbol: string,
      timeframe: Timeframe,
      from: number,
      now: number,
      limit?: number,
    ): Promise<Candles> {
      const exchange = await connect();
      const step = timeframeMs(timeframe);
      const want = limit ?? Number.POSITIVE_INFINITY;
      const rows: OhlcvRow[] = [];
      let cursor = from;
      while (rows.length < want && cursor + step <= now) {
        const size = Math.min(PAGE, want - rows.length + 1);
        const page = await fetchPage(exchange, symbol, timeframe, cursor, size);
        let open = false;
        for (const row of page) {
          const time = row[0];
          if (typeof time !== 'number' || time < cursor) continue;
          if (time + step > now) {
            open = true;
            break;
          }
          if (rows.length < want) rows.push(row);
        }
        const last = rows.at(-1)?.[0];
        if (open || page.length < size || last === undefined || last < cursor) break;
        cursor = last + step;
      }
      return toCandles(rows, `${options.exchange} ${symbol}`);
    },
  };
}

async function fetchPage(
  exchange: ExchangeClient,
  symbol: string,
  timeframe: string,
  since: number,
  limit: number,
): Promise<OhlcvRow[]> {
  try {
    return await fetchOhlcvPage(exchange, symbol, timeframe, since, limit);
  } catch (error) {
    if (error instanceof TemporaryExchangeError) {
      throw new BrokerUnavailableError(`${exchange.id} did not send ${symbol} bars: ${error.message}`, undefined, {
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
