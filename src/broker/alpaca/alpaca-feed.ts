import type { BarFeed } from '../../core/index.js';
import { type AlpacaClient, fetchAlpacaBarsPage } from '../../exchange/index.js';
import { createPagedFeed } from '../paged-feed.js';

/** Bars per request: Alpaca serves up to 10,000. */
const PAGE = 10_000;

/**
 * Stock bars from Alpaca's market-data API (keys needed, even for bars), only those that have
 * closed by `now`. Shares the broker's client (alpacaClientFor).
 */
export function createAlpacaFeed(client: AlpacaClient): BarFeed {
  return createPagedFeed(
    'alpaca',
    (symbol, timeframe, since, limit) => fetchAlpacaBarsPage(client, symbol, timeframe, since, limit),
    PAGE,
  );
}
