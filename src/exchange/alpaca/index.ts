// Alpaca (US stocks), through its official SDK: the only importer of @alpacahq/alpaca-trade-api.
export {
  type AlpacaAccount,
  type AlpacaAsset,
  type AlpacaClock,
  type AlpacaPosition,
  type AlpacaSession,
  fetchAlpacaAccount,
  fetchAlpacaAsset,
  fetchAlpacaCalendar,
  fetchAlpacaClock,
  fetchAlpacaLastPrice,
  fetchAlpacaPositions,
} from './alpaca-account.js';
export { alpacaTimeframe, fetchAlpacaBarsPage } from './alpaca-bars.js';
export {
  type AlpacaClient,
  type AlpacaClientOptions,
  type AlpacaFeed,
  alpacaEndpointsFromEnv,
  createAlpacaClient,
  DATA_URL,
  LIVE_TRADING_URL,
  PAPER_TRADING_URL,
} from './alpaca-client.js';
export { ALPACA_KEY_NAMES, type AlpacaKeys, hasAlpacaKeys, readAlpacaKeys } from './alpaca-keys.js';
export {
  type AlpacaOrderParams,
  cancelAlpacaOrder,
  fetchAlpacaOpenOrders,
  fetchAlpacaOrder,
  placeAlpacaOrder,
} from './alpaca-orders.js';
