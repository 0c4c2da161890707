export {
  ALPACA_KEY_NAMES,
  type AlpacaAsset,
  type AlpacaClient,
  type AlpacaClock,
  type AlpacaFeed,
  type AlpacaKeys,
  type AlpacaSession,
  alpacaEndpointsFromEnv,
  cancelAlpacaOrder,
  createAlpacaClient,
  fetchAlpacaAccount,
  fetchAlpacaAsset,
  fetchAlpacaBarsPage,
  fetchAlpacaCalendar,
  fetchAlpacaClock,
  fetchAlpacaLastPrice,
  fetchAlpacaOpenOrders,
  fetchAlpacaOrder,
  fetchAlpacaPositions,
  hasAlpacaKeys,
  placeAlpacaOrder,
  readAlpacaKeys,
} from './alpaca/index.js';
export { cancelOrder } from './cancel-order.js';
export {
  type CcxtExchange,
  createExchange,
  type ExchangeClient,
  type ExchangeOptions,
} from './create-exchange.js';
export { createOrder } from './create-order.js';
export { TemporaryExchangeError } from './errors.js';
export { exchangeIds } from './exchange-ids.js';
export { fetchBalanceTotals } from './fetch-balance.js';
export { fetchOhlcvPage, type OhlcvRow } from './fetch-ohlcv.js';
export { fetchOpenOrders } from './fetch-open-orders.js';
export { fetchOrder } from './fetch-order.js';
export { fetchLastPrice } from './fetch-ticker.js';
export { exchangeTimeframes, loadMarkets, minimumOrderQuantity } from './markets.js';
export { type RetryOptions, withRetry } from './retry.js';
export { rewriteApiUrls } from './rewrite-urls.js';
export { spotTradingOptions } from './spot-options.js';
export type {
  CreateOrderOutcome,
  CreateOrderParams,
  ExchangeFee,
  ExchangeOrder,
  ExchangeTrade,
} from './trading-types.js';
