/**
 * `fleet/runner`: the tick loop that trades a registered bot through a broker, the process loop
 * around many of them, replays and reconciliation. Curated for package users; the module's own
 * index.ts is what other modules import.
 */

/** What a runner is built from, besides a broker (`fleet/broker`) and a store (`fleet/store`). */
export type { BarFeed, Clock, RoundTrip } from '../core/index.js';
export type { ActivityEvent, ActivityKind } from './activity.js';
/** Running bots: build their runners from the database, then drive them until aborted. */
export {
  type AssembleOptions,
  type Assembly,
  assembleRunners,
  DEFAULT_LEASE_TTL_MS,
  type RunnerGroup,
} from './assemble.js';
export { BotRunner } from './bot-runner.js';
/** The ledger against the broker, and the round trips of a bot's fills. */
export { type BrokerView, type LedgerView, type Mismatch, type MismatchKind, reconcile } from './reconcile.js';
/** A bot replaying history through the real runner and a replay exchange. */
export { type ReplayOptions, type ReplayResult, replayBot } from './replay.js';
export { firstDifference, type ReplayParity, type ReplayParityOptions, replayParity } from './replay-parity.js';
export { botRiskLimits } from './risk-limits.js';
export { type FillLike, roundTrips } from './round-trips.js';
export {
  type BotOutcome,
  type RunBotsOptions,
  type RunnerNotice,
  type RunnerNoticeLevel,
  runBots,
} from './run-bots.js';
export { LeaseHeldError } from './runner-lease.js';
export type { BotRunnerOptions } from './runner-options.js';
export type { TickReport } from './runner-tick.js';
