export {
  type BotDeclaration,
  type BotMode,
  type BotRecord,
  getBot,
  listBots,
  type ModeChangeOptions,
  modeChangeBlockers,
  registerBots,
  setBotMode,
  setBotStatus,
} from './bots.js';
export { type EquityPoint, equityOf, latestEquity, recordEquity } from './equity.js';
export {
  DAILY_SUMMARY_KIND,
  type EventLevel,
  type EventQuery,
  type EventRecord,
  eventsOf,
  hasDailySummary,
  type NewEvent,
  recordDailySummary,
  recordEvent,
} from './events.js';
export {
  applyFill,
  type FillApplication,
  fillsOf,
  type LedgerFill,
  positionsOf,
  readPosition,
} from './fills.js';
export { type BotFlags, type FlagPatch, listFlags, readFlags, setFlags } from './flags.js';
export {
  activeOrders,
  countOrdersSince,
  findOrder,
  insertOrder,
  type LedgerOrder,
  markCancelRequested,
  markOrder,
  markSending,
  type NewLedgerOrder,
  ordersOf,
  ordersOnBar,
  type RejectedOrders,
  rejectedOrdersSince,
  updateOrderFromReport,
} from './orders.js';
export { alertStaleRunners, type HeldLease, heldLeases, type StaleRunner } from './runner-leases.js';
export {
  acquireLease,
  type BotRuntime,
  type HeldEntry,
  heartbeat,
  type LeaseHolder,
  readRuntime,
  releaseLease,
  setDayStart,
  setHeldEntry,
} from './runtime.js';
