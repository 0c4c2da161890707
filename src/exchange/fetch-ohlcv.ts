import { FleetError, UsageError } from '../core/index.js';
import type { ExchangeClient } from './create-exchange.js';
import { loadCcxt } from './load-ccxt.js';
import { mapExchangeError } from './map-error.js';
import { exchangeTimeframes, loadMarkets } from './markets.js';

/** [time, open, high, low, close, volume] as the exchange sent it: not yet checked. */
export type OhlcvRow = readonly number[];

/**
 * One request's worth of bars from `since` (epoch ms, inclusive), at most `limit` of them. Errors
 * arrive as fleet errors: UsageError (unknown symbol or timeframe), TemporaryExchangeError (worth
 * retrying) or FleetError.
 */
export async function fetchOhlcvPage(
  exchange: ExchangeClient,
  symbol: string,
  timeframe: string,
  since: number,
  limit: number,
): Promise<OhlcvRow[]> {
  await loadMarkets(exchange);
  const timeframes = exchangeTimeframes(exchange);
  if (timeframes.length > 0 && !timeframes.includes(timeframe)) {
    throw new UsageError(`${exchange.id} has no ${timeframe} bars (it has ${timeframes.join(', ')})`);
  }
  const ccxt = await loadCcxt();
  let page: unknown;
  try {
    page = await exchange.ccxt.fetchOHLCV(symbol, timeframe, since, limit);
  } catch (error) {
    throw mapExchangeError(error, ccxt, exchange.ccxt, symbol);
  }
  if (!Array.isArray(page) || !page.every((row) => Array.isArray(row))) {
    throw new FleetError(`${exchange.id} sent something other than a list of bars for ${symbol}`);
  }
  return page as OhlcvRow[];
}
