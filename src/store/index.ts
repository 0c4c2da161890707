export { deleteBot, paperAccountName } from './bot-reset.js';
export { StoreCandleCache } from './candle-cache.js';
export { CHUNK_BARS } from './candle-chunks.js';
export { type ClaimOptions, claimNext } from './claim.js';
export { closeDatabaseCandles, openDatabaseCandleCache, readCandlesFromDatabase } from './database-candles.js';
export { type OwnerRecord, readOwner } from './embedded.js';
export {
  checkSchema,
  type MigrateOptions,
  type MigrationStatus,
  migrate,
  migrationStatus,
  readySchema,
} from './migrate.js';
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
export {
  createPipelineRun,
  listPipelineRuns,
  type PipelineRunRow,
  readPipelineRun,
  savePipelineRun,
} from './pipeline-runs.js';
export { StoreSandboxLedger } from './sandbox-ledger.js';
export type { Database } from './schema.js';
export { type OpenStoreOptions, openStore, type Store, storeExists } from './store.js';
export { STALE_TRIAL_LEASE_MS, StoreStudyStorage } from './study-storage.js';
export {
  acquireLease,
  activeOrders,
  alertStaleRunners,
  applyFill,
  type BotDeclaration,
  type BotFlags,
  type BotMode,
  type BotRecord,
  type BotRuntime,
  countOrdersSince,
  DAILY_SUMMARY_KIND,
  type EquityPoint,
  type EventLevel,
  type EventQuery,
  type EventRecord,
  equityOf,
  eventsOf,
  type FillApplication,
  type FlagPatch,
  fillsOf,
  findOrder,
  getBot,
  type HeldLease,
  hasDailySummary,
  heartbeat,
  heldLeases,
  insertOrder,
  type LeaseHolder,
  type LedgerFill,
  type LedgerOrder,
  type LedgerPosition,
  latestEquity,
  listBots,
  listFlags,
  type ModeChangeOptions,
  markCancelRequested,
  markOrder,
  markSending,
  modeChangeBlockers,
  type NewEvent,
  type NewLedgerOrder,
  type OrderRole,
  ordersOf,
  ordersOnBar,
  positionsOf,
  type RejectedOrders,
  readFlags,
  readPosition,
  readRuntime,
  recordDailySummary,
  recordEquity,
  recordEvent,
  registerBots,
  rejectedOrdersSince,
  releaseLease,
  type StaleRunner,
  setBotMode,
  setBotStatus,
  setDayStart,
  setFlags,
  updateOrderFromReport,
} from './trading/index.js';
export { maskUrl } from './url.js';
export { type LockSession, lockSession, withLock } from './with-lock.js';
