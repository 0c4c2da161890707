/**
 * Pre-trade risk rails and the daily-loss circuit breaker: pure functions over a context the
 * runner (or the backtest) supplies, and the rail limits resolved from spec, project and bot.
 * See docs/risk.md.
 */
// The order vocabulary the rails judge lives in core; re-exported for the rails' callers.
export type { OrderIntent, OrderRole } from '../core/index.js';
export { checkDailyLoss, type DailyLossCheck, utcDay } from './daily-loss.js';
export { capEntryQuantity } from './entry-cap.js';
export {
  DEFAULT_RISK_LIMITS,
  type RiskLimits,
  type RiskLimitsInput,
  type RiskRailsSettings,
  resolveRiskLimits,
  riskRailsSchema,
} from './limits.js';
export {
  addsExposure,
  checkOrder,
  type RailName,
  type RiskContext,
  type RiskFlags,
  type RiskVerdict,
} from './rails.js';
