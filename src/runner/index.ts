// What package users get (fleet/runner), and beside it what the other modules also need.

export { ACTIVITY_KINDS, type FillEventData, type OrderEventData } from './activity.js';
export { botCalendar } from './bot-calendar.js';
export { type BrokerCheck, brokerMismatches } from './broker-check.js';
export { applyFillToBook, type Book, bookEquity } from './ledger.js';
export * from './public.js';
export { HEARTBEAT_INTERVAL_MS } from './run-bots.js';
