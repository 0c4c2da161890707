export { FeedMarket } from './feed-market.js';
export { createPaperBroker, type PaperBrokerOptions } from './paper-broker.js';
