import { formatAmount, formatPercent, formatSetting } from './format.js';
import type { RiskLimits } from './limits.js';
import { PASS, type RiskVerdict, reject } from './rails.js';

export interface DailyLossCheck {
  /** Equity when the current UTC day began (see `utcDay`), quote currency. */
  readonly dayStartEquity: number;
  /** Equity now, marked to the market. */
  readonly equity: number;
}

/**
 * The circuit breaker: a verdict with rail 'daily_loss' once the loss since the UTC day began is
 * at least `dailyLossLimit` of that day's starting equity. The caller halts the bot (persisting the
 * reason) and alerts; a halt stays until a human resumes it, even after midnight. Fails closed: an
 * equity that is not a number, or a day-start equity that is not positive, trips it too.
 */
export function checkDailyLoss(state: DailyLossCheck, limits: RiskLimits): RiskVerdict {
  const { dayStartEquity: start, equity } = state;
  if (!(Number.isFinite(start) && start > 0) || !Number.isFinite(equity)) {
    return reject(
      'daily_loss',
      `cannot measure the daily loss (day-start equity ${String(start)}, equity ${String(equity)}): halting`,
    );
  }
  const loss = (start - equity) / start;
  if (loss >= limits.dailyLossLimit) {
    return reject(
      'daily_loss',
      `daily loss ${formatPercent(loss)} (${formatAmount(start - equity)} of day-start equity ${formatAmount(start)}) reached daily_loss_limit ${formatSetting(limits.dailyLossLimit)}`,
    );
  }
  return PASS;
}

/** The UTC calendar day of an epoch-ms time, 'YYYY-MM-DD': the key a day's starting equity is kept under. */
export function utcDay(time: number): string {
  if (!Number.isFinite(time)) throw new RangeError(`utcDay: not a time: ${String(time)}`);
  return new Date(time).toISOString().slice(0, 10);
}
