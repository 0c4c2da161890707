// A bot's books move by the one fill model (backtest/models/fill.ts).
export { bookEquity, bookFill } from '../backtest/index.js';
// The round trip is core's vocabulary; re-exported for the runner's callers.
export type { Book, RoundTrip } from '../core/index.js';
export {
  ACTIVITY_KINDS,
  type ActivityEvent,
  type ActivityKind,
  type FillEventData,
  type OrderEventData,
} from './activity.js';
export {
  type AssembleOptions,
  type Assembly,
  assembleRunners,
  DEFAULT_LEASE_TTL_MS,
  type RunnerGroup,
} from './assemble.js';
export { botCalendar } from './bot-calendar.js';
export { BotRunner, type BotRunnerOptions, LeaseHeldError, type TickReport } from './bot-runner.js';
export { type BrokerCheck, brokerMismatches } from './broker-check.js';
export { type BrokerView, type LedgerView, type Mismatch, type MismatchKind, reconcile } from './reconcile.js';
export { type ReplayOptions, type ReplayResult, replayBot } from './replay.js';
export { botRiskLimits } from './risk-limits.js';
export { type FillLike, roundTrips } from './round-trips.js';
export {
  type BotOutcome,
  HEARTBEAT_INTERVAL_MS,
  type RunBotsOptions,
  type RunnerNotice,
  type RunnerNoticeLevel,
  runBots,
} from './run-bots.js';
