export { barsBetween, NO_BARS, type SimMarket } from './market.js';
export { SimExchange, type SimExchangeOptions } from './sim-exchange.js';
