export {
  type CcxtExchange,
  createExchange,
  type ExchangeClient,
  type ExchangeOptions,
} from './create-exchange.js';
export { TemporaryExchangeError } from './errors.js';
export { fetchOhlcvPage, type OhlcvRow } from './fetch-ohlcv.js';
export { exchangeTimeframes, loadMarkets } from './markets.js';
export { type RetryOptions, withRetry } from './retry.js';
export { rewriteApiUrls } from './rewrite-urls.js';
