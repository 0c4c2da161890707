export { type AddBotOptions, type AddBotResult, addBot } from './add-bot.js';
export {
  type BotConfig,
  type ChannelConfig,
  CONFIG_FILE,
  configJsonSchema,
  configSchema,
  type NotifyConfig,
  type ProjectConfig,
  parseProjectConfig,
  readProjectConfig,
} from './config.js';
export {
  type ControlAudit,
  type ControlResult,
  type ControlTarget,
  killBots,
  pauseBots,
  type ResumeResult,
  resumeBots,
} from './control.js';
export { recordDailyPnl, runDailyPnl } from './daily-summary.js';
export { checkDatabaseUrl } from './database-url.js';
export {
  COMPOSE_FILE,
  composeDeploymentFiles,
  DEFAULT_OUT,
  type DeploymentResult,
  type DeployOptions,
  type DeployPlan,
  type DeployTarget,
  deployCommands,
  deployPlan,
  NODE_IMAGE,
  type WriteDeploymentOptions,
  writeDeployment,
} from './deploy/index.js';
export { knownBot } from './known-bot.js';
export {
  botLogs,
  DEFAULT_LOG_LIMIT,
  EVENT_LEVELS,
  type FollowOptions,
  followLogs,
  type LogQuery,
  levelsFrom,
} from './logs.js';
export {
  demoteToPaper,
  marketDust,
  type PromoteToLiveOptions,
  type PromotionOutcome,
  promoteToLive,
} from './mode-change.js';
export { botOrders, DEFAULT_ORDER_LIMIT, type OrderQuery } from './orders.js';
export { type BotPnl, type FleetPnl, fleetPnl } from './pnl.js';
export {
  checkPromotion,
  demoteBot,
  liveAccountMismatches,
  type ModeAudit,
  type PromotionOptions,
  promoteBot,
  REQUIRED_LIVE_RAILS,
} from './promote.js';
export { loadBotDeclarations, type SyncResult, syncBots } from './registry.js';
export { type RunFleetOptions, runFleetBots } from './run.js';
export {
  DEFAULT_EXCHANGE_SYMBOL,
  DEFAULT_STOCK_SYMBOL,
  DEFAULT_STRATEGY_TEMPLATE,
  type ScaffoldOptions,
  type ScaffoldResult,
  scaffoldProject,
  strategyTemplates,
} from './scaffold.js';
export { parseSince } from './since.js';
export { type BotStatus, fleetStatus } from './status.js';
export { type FleetChildrenOptions, fleetChildren } from './supervisor/children.js';
export { type FleetDownOptions, type FleetDownResult, stopFleet } from './supervisor/down.js';
export { recordSupervisorEvent, supervisorEvents } from './supervisor/events.js';
export {
  readSupervisorRecord,
  removeSupervisorRecord,
  runningSupervisor,
  SUPERVISOR_FILE,
  type SupervisorRecord,
  writeSupervisorRecord,
} from './supervisor/record.js';
export {
  alertStaleHeartbeats,
  describeRunners,
  isOrphan,
  type RunnerProcess,
  runnerProcesses,
  STALE_HEARTBEAT_MS,
  stopRunners,
} from './supervisor/runners.js';
export {
  type ChildOutcome,
  type ChildSpec,
  STDERR_TAIL_LINES,
  type SuperviseOptions,
  type SupervisorEvent,
  supervise,
} from './supervisor/supervise.js';
export { type FleetUpNotice, type FleetUpOptions, type FleetUpResult, superviseFleet } from './supervisor/up.js';
export {
  type BotTrades,
  botTrades,
  countTrades,
  DEFAULT_TRADE_LIMIT,
  type OpenTrade,
  type TradeCount,
  type TradeQuery,
} from './trades.js';
