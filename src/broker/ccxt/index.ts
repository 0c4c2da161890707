// The live family: a real exchange's spot account and public bars, through the exchange module.
export { CcxtBroker, type CcxtBrokerOptions, createCcxtBroker } from './ccxt-broker.js';
export { type CcxtFeedOptions, createCcxtFeed } from './ccxt-feed.js';
export { type ExchangeKeyNames, exchangeKeyNames, hasExchangeKeys, readExchangeKeys } from './keys.js';
export { marketMinimumQuantity } from './market-minimum.js';
export { orderStatus, quoteCurrency, splitSymbol, toOrderReport } from './order-report.js';
