// Each broker family keeps its own index; this one only gathers them.
export * from './alpaca/index.js';
export * from './ccxt/index.js';
export * from './sandbox/index.js';
export { ALPACA, createLiveBroker, type LiveBrokerOptions, venueQuote } from './venue.js';
