/**
 * The fleet library: what the CLI does, callable from TypeScript. Named exports only; each group
 * below is one module of docs/architecture.md. The fuller API of four modules sits at subpaths
 * (docs/library.md): `fleet/optimise`, `fleet/runner`, `fleet/broker`, `fleet/store`.
 */

/** Backtesting and metrics. */
export {
  type BacktestResult,
  backtestSpec,
  type Costs,
  compositeScore,
  computeMetrics,
  type Metrics,
  runBacktest,
  runBacktestJob,
  type Trade,
} from './backtest/index.js';
/** Market calendars: venues, sessions, holidays, early closes (docs/venues.md). */
export {
  instrumentVenue,
  type Session,
  VENUE_IDS,
  type VenueCalendar,
  venueCalendar,
} from './calendar/index.js';
/** Core types, errors (each with its CLI exit code) and seeded randomness. */
export {
  allocateCandles,
  type Broker,
  type CandleCache,
  type CandleKey,
  type Candles,
  createRandom,
  ExitCode,
  FleetError,
  InputError,
  type Progress,
  type ProgressEvent,
  SafetyError,
  sliceCandles,
  TIMEFRAMES,
  type Timeframe,
  UsageError,
} from './core/index.js';
/** The browser dashboard: the fleet page, a page per bot, their JSON API (docs/dashboard.md). */
export { type DashboardOptions, type RunningDashboard, startDashboard } from './dashboard/index.js';
/** Market data: the sandbox generator, CSV and the candle cache. */
export {
  CsvError,
  type DataSource,
  FileCandleCache,
  formatCandlesCsv,
  generateSandboxCandles,
  importCandlesCsv,
  loadCandles,
  MemoryCandleCache,
  parseCandlesCsv,
  readCandlesCsv,
  SANDBOX_SYMBOLS,
  SANDBOX_UNIVERSE,
  writeCandlesCsv,
} from './data/index.js';
/** Designing a spec from an idea: offline idioms or a model, validated and smoke-tested. */
export {
  type DesignOptions,
  DesignRejectedError,
  type DesignResult,
  type DesignRound,
  designStrategy,
  IDIOMS,
  type Provenance,
  ProviderError,
  type ProviderName,
  UnknownIdeaError,
} from './designer/index.js';
/** Projects. */
/** The fleet: run bots, pause/resume/kill them, promote them, and read their status, P&L, trades and logs. */
export {
  type AddBotOptions,
  addBot,
  type BotPnl,
  type BotStatus,
  type BotTrades,
  botLogs,
  botOrders,
  botTrades,
  type ControlAudit,
  type ControlResult,
  type ControlTarget,
  checkPromotion,
  configJsonSchema,
  demoteBot,
  demoteToPaper,
  type FleetDownOptions,
  type FleetDownResult,
  type FleetPnl,
  type FleetUpNotice,
  type FleetUpOptions,
  type FleetUpResult,
  fleetPnl,
  fleetStatus,
  killBots,
  type LogQuery,
  type OrderQuery,
  type ProjectConfig,
  type PromoteToLiveOptions,
  type PromotionOptions,
  type PromotionOutcome,
  pauseBots,
  promoteBot,
  promoteToLive,
  type ResumeResult,
  type RunFleetOptions,
  readProjectConfig,
  resumeBots,
  runFleetBots,
  type SyncResult,
  scaffoldProject,
  stopFleet,
  superviseFleet,
  syncBots,
  type TradeQuery,
} from './fleet/index.js';
/** Incremental indicators, usable on their own. */
export {
  Atr,
  Bbands,
  CrossAbove,
  CrossBelow,
  Ema,
  Highest,
  Lag,
  Lowest,
  Macd,
  Roc,
  Rsi,
  runSeries,
  Sma,
  Stdev,
  Wma,
} from './indicators/index.js';
/** Optimisation: a study over any objective, and the spec optimiser (more in `fleet/optimise`). */
export {
  createStudy,
  type Objective,
  type OptimiseOptions,
  type OptimiseResult,
  optimise,
  type Study,
  type StudyOptions,
  type StudyResult,
} from './optimise/index.js';
/** The pipeline (idea → spec → screen → optimise → bots) and the demo. */
export {
  type DemoResult,
  type PipelineRun,
  type RunPipelineOptions,
  runDemo,
  runPipeline,
} from './pipeline/index.js';
/** Pre-trade risk rails and the daily-loss breaker, as pure functions (docs/risk.md). */
export {
  checkDailyLoss,
  checkOrder,
  DEFAULT_RISK_LIMITS,
  type OrderIntent,
  type RiskContext,
  type RiskLimits,
  type RiskVerdict,
  resolveRiskLimits,
} from './risk/index.js';
/** Screening many instruments with one spec. */
export { type ScreenOptions, type ScreenResult, type ScreenRow, screen } from './screen/index.js';
/** The strategy spec: schema, validation, expressions and parameters. */
export {
  type CheckedSpec,
  loadSpec,
  type ParamValues,
  parseExpression,
  readSpecFile,
  resolveParams,
  SpecError,
  type StrategySpec,
  specJsonSchema,
  validateSpec,
} from './spec/index.js';
/** The database (more in `fleet/store`). */
export { migrate, type OpenStoreOptions, openStore, type Store } from './store/index.js';
/** Strategies: compiled specs and the interface hand-written strategies implement. */
export {
  type CompiledStrategy,
  compileStrategy,
  type EjectedStrategy,
  ejectSpecFile,
  ejectStrategy,
  FLAT,
  LONG,
  type PositionState,
  SHORT,
  type Strategy,
  type StrategyRisk,
  type Transition,
} from './strategy/index.js';
