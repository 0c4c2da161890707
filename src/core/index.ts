export { writeFileAtomic } from './atomic-file.js';
export type { CandleCache, CandleKey } from './candle-cache.js';
export { allocateCandles, CANDLE_COLUMNS, type CandleColumn, type Candles, sliceCandles } from './candles.js';
export {
  BrokerUnavailableError,
  ExitCode,
  FencedOutError,
  FleetError,
  InputError,
  SafetyError,
  UsageError,
} from './errors.js';
export {
  findJsonHazard,
  isReservedKey,
  type JsonHazard,
  MAX_JSON_DEPTH,
  RESERVED_KEYS,
  reservedKeyMessage,
} from './json-hazards.js';
export { zod } from './lazy-zod.js';
export { pidAlive, processArgs, processState } from './pid-alive.js';
export type { Book, Position, RoundTrip } from './positions.js';
export type { Progress, ProgressEvent } from './progress.js';
export { createRandom, hashSeed, type Random } from './random.js';
export {
  type ClockAnchor,
  type SandboxAccountState,
  type SandboxCommit,
  SandboxConflictError,
  type SandboxLedger,
  type SandboxOrder,
  type SandboxOrderChange,
} from './sandbox-ledger.js';
export { sleep } from './sleep.js';
export type { StoredParamValue, StoredTrial, StoredTrialState, StudyKey, StudyStorage } from './study-storage.js';
export { didYouMean, suggest } from './suggest.js';
export {
  barsPerYear,
  isTimeframe,
  parseTimeframe,
  TIMEFRAMES,
  type Timeframe,
  timeframeMs,
  YEAR_MS,
} from './timeframe.js';
export {
  type BarFeed,
  type Broker,
  type BrokerFill,
  type BrokerPosition,
  type Clock,
  clientOrderId,
  FINAL_ORDER_STATUSES,
  isFinalOrderStatus,
  type LeaseFence,
  type OrderIntent,
  type OrderReport,
  type OrderRequest,
  type OrderRole,
  type OrderSide,
  type OrderStatus,
  type OrderType,
} from './trading.js';
export {
  defaultWorkerCount,
  type RunTasksOptions,
  runTasks,
  serveTasks,
  settle,
  type TaskResult,
  WorkerPool,
} from './worker-pool.js';
