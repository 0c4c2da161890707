// US stocks at Alpaca (paper and live accounts), through the exchange module's Alpaca client.

export type { AlpacaClient } from '../../exchange/index.js';
export {
  ALPACA_QUOTE,
  AlpacaBroker,
  type AlpacaBrokerOptions,
  alpacaClientFor,
  createAlpacaBroker,
} from './alpaca-broker.js';
export { createAlpacaFeed } from './alpaca-feed.js';
export { shareQuantity, tickPrice } from './order-units.js';
