import { UsageError } from '../../core/index.js';
import type { OhlcvRow } from '../fetch-ohlcv.js';
import type { AlpacaClient } from './alpaca-client.js';
import { classifyAlpacaError, dataError } from './alpaca-errors.js';

/** Most bars Alpaca sends in one page. */
const MAX_PAGE = 10_000;

/** fleet's timeframe in Alpaca's notation: 15m → 15Min, 4h → 4Hour, 1d → 1Day, 1w → 1Week. */
export function alpacaTimeframe(timeframe: string): string {
  const match = /^(\d+)([mhdw])$/.exec(timeframe);
  const count = match ? Number(match[1]) : 0;
  const unit = match?.[2];
  if (unit === 'm' && count >= 1 && count <= 59) return `${count}Min`;
  if (unit === 'h' && count >= 1 && count <= 23) return `${count}Hour`;
  if (unit === 'd' && count === 1) return '1Day';
  if (unit === 'w' && count === 1) return '1Week';
  throw new UsageError(`alpaca has no ${timeframe} bars (it has 1m-59m, 1h-23h, 1d and 1w)`);
}

/**
 * Up to `limit` bars of `symbol` from `since` (epoch ms, inclusive), oldest first, as
 * [time, open, high, low, close, volume] rows. Alpaca may cut a page short and hand out a
 * next_page_token: the pages are followed until `limit` bars or the end of the data. Unadjusted
 * prices (what the account trades at). Retryable failures are TemporaryExchangeError.
 */
export async function fetchAlpacaBarsPage(
  client: AlpacaClient,
  symbol: string,
  timeframe: string,
  since: number,
  limit: number,
  until?: number,
): Promise<OhlcvRow[]> {
  const frame = alpacaTimeframe(timeframe);
  const rows: OhlcvRow[] = [];
  let pageToken: string | undefined;
  do {
    let page: Awaited<ReturnType<AlpacaClient['sdk']['marketData']['stocks']['stockBarSingle']>>;
    try {
      page = await client.sdk.marketData.stocks.stockBarSingle({
        symbol,
        timeframe: frame,
        start: new Date(since),
        ...(until !== undefined ? { end: new Date(until) } : {}),
        limit: Math.min(MAX_PAGE, limit - rows.length),
        adjustment: 'raw',
        feed: client.feed,
        sort: 'asc',
        ...(pageToken !== undefined ? { pageToken } : {}),
      });
    } catch (error) {
      throw dataError(classifyAlpacaError(error, client), `fetching ${symbol} bars`, error);
    }
    for (const bar of page.bars ?? []) {
      rows.push([new Date(bar.t).getTime(), bar.o, bar.h, bar.l, bar.c, bar.v]);
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken !== undefined && rows.length < limit);
  return rows.slice(0, limit);
}
