import type { BarFeed } from '../../core/index.js';
import { type ExchangeClient, fetchOhlcvPage } from '../../exchange/index.js';
import { createPagedFeed } from '../paged-feed.js';
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
  return createPagedFeed(
    options.exchange,
    async (symbol, timeframe, since, limit) => fetchOhlcvPage(await connect(), symbol, timeframe, since, limit),
    PAGE,
  );
}
