// What package users get (fleet/runner), and beside it what the other modules also need.

// A bot's books move by the one fill model (backtest/models/fill.ts).
export { bookEquity, bookFill } from '../backtest/index.js';
export type { Book } from '../core/index.js';
export { ACTIVITY_KINDS, type FillEventData, type OrderEventData } from './activity.js';
export { botCalendar } from './bot-calendar.js';
export { type BrokerCheck, brokerMismatches } from './broker-check.js';
export * from './public.js';
export { replayBotName, replayWarmup } from './replay-parity.js';
export { HEARTBEAT_INTERVAL_MS } from './run-bots.js';
