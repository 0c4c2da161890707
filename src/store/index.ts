// What package users get (fleet/store), and beside it what the other modules also need.

// Why an order was sent: core's vocabulary, re-exported for the ledger's callers.
export type { OrderRole } from '../core/index.js';
export { paperAccountName } from './bot-reset.js';
export { CHUNK_BARS } from './candle-chunks.js';
export { closeDatabaseCandles, openDatabaseCandleCache, readCandlesFromDatabase } from './database-candles.js';
export { type OwnerRecord, readOwner } from './embedded.js';
export { MIGRATIONS } from './migrations/index.js';
export {
  type ChannelBacklog,
  claimOutbox,
  enqueueEvents,
  markFailed,
  markSent,
  type OutboxFilter,
  type OutboxRow,
  outboxStatus,
  passesFilter,
  releaseChannelClaims,
  releaseClaim,
} from './notify-outbox.js';
export { createPipelineRun, savePipelineRun } from './pipeline-runs.js';
export * from './public.js';
export { createServerDatabase } from './server-databases.js';
export { storeExists } from './store.js';
export { STALE_TRIAL_LEASE_MS } from './study-storage.js';
export {
  acquireLease,
  activeOrders,
  alertStaleRunners,
  applyFill,
  type BotRuntime,
  countOrdersSince,
  DAILY_SUMMARY_KIND,
  type FillApplication,
  type HeldEntry,
  type HeldLease,
  hasDailySummary,
  heartbeat,
  heldLeases,
  insertOrder,
  type LeaseHolder,
  type ModeChangeOptions,
  markCancelRequested,
  markOrder,
  markSending,
  modeChangeBlockers,
  type NewLedgerOrder,
  ordersOnBar,
  type RejectedOrders,
  readPosition,
  readRuntime,
  recordDailySummary,
  recordEquity,
  rejectedOrdersSince,
  releaseLease,
  type StaleRunner,
  setBotMode,
  setBotStatus,
  setDayStart,
  setHeldEntry,
  updateOrderFromReport,
} from './trading/index.js';
export { maskUrl } from './url.js';
export { type LockSession, lockSession } from './with-lock.js';
