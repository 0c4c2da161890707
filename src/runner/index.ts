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
export { applyFillToBook, type Book, bookEquity } from './ledger.js';
export { type BrokerView, type LedgerView, type Mismatch, type MismatchKind, reconcile } from './reconcile.js';
export { type ReplayOptions, type ReplayResult, replayBot } from './replay.js';
export {
  firstDifference,
  type ReplayParity,
  type ReplayParityOptions,
  replayBotName,
  replayParity,
  replayWarmup,
} from './replay-parity.js';
export { botRiskLimits } from './risk-limits.js';
export { type FillLike, type RoundTrip, roundTrips } from './round-trips.js';
export {
  type BotOutcome,
  HEARTBEAT_INTERVAL_MS,
  type RunBotsOptions,
  type RunnerNotice,
  type RunnerNoticeLevel,
  runBots,
} from './run-bots.js';
