/**
 * `fleet/store`: the one Postgres database (embedded, or a server by URL), its schema, and the
 * reads and writes a script needs. Curated for package users; the module's own index.ts is what
 * other modules import.
 */

// A bot's position row is core's Position.
export type { Position } from '../core/index.js';
export { deleteBot } from './bot-reset.js';
/** The core ports, kept in the database. */
export { StoreCandleCache } from './candle-cache.js';
export { type ClaimOptions, claimNext } from './claim.js';
export {
  checkSchema,
  type MigrateOptions,
  type MigrationStatus,
  migrate,
  migrationStatus,
  readySchema,
} from './migrate.js';
export { listPipelineRuns, type PipelineRunRow, readPipelineRun } from './pipeline-runs.js';
export { StoreSandboxLedger } from './sandbox-ledger.js';
export type { Database } from './schema.js';
/** Opening the database and keeping its schema current. */
export { type OpenStoreOptions, openStore, type Store } from './store.js';
export { StoreStudyStorage } from './study-storage.js';
/** Bots and what they did: registrations, flags, orders, fills, positions, equity, events. */
export {
  type BotDeclaration,
  type BotFlags,
  type BotMode,
  type BotRecord,
  type EquityPoint,
  type EventLevel,
  type EventQuery,
  type EventRecord,
  equityOf,
  eventsOf,
  type FlagPatch,
  fillsOf,
  findOrder,
  getBot,
  type LedgerFill,
  type LedgerOrder,
  latestEquity,
  listBots,
  listFlags,
  type NewEvent,
  ordersOf,
  positionsOf,
  readFlags,
  recordEvent,
  registerBots,
  setFlags,
} from './trading/index.js';
/** One holder at a time across processes, and work queues. */
export { withLock } from './with-lock.js';
