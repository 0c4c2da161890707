import type { LeaseFence } from '../core/index.js';
import { checkDailyLoss, type RiskLimits, utcDay } from '../risk/index.js';
import { type Store, setDayStart } from '../store/index.js';

/** Why the daily-loss breaker tripped, for the halt. */
export interface DailyLossBreach {
  readonly reason: string;
  readonly data: Record<string, unknown>;
}

/**
 * The bot's trading day (its venue's local date; UTC for crypto) and the equity it started with,
 * for the daily-loss breaker. Kept in
 * the database (bot_runtime) as the day turns, so a restarted runner judges the same day by the
 * same start.
 */
export class TradingDay {
  private day: string | null = null;
  private startEquity: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly bot: string,
    private readonly limits: RiskLimits,
    /** The runner's lease: the day's start is written only while it is current. */
    private readonly fence: () => LeaseFence | undefined = () => undefined,
    /** The trading day of an instant: the venue calendar's (default: the UTC date). */
    private readonly dayOf: (time: number) => string = utcDay,
  ) {}

  /** Takes the day and its start as the database has them. */
  load(day: string | null, startEquity: number | null): void {
    this.day = day;
    this.startEquity = startEquity;
  }

  /** At a bar's close: a new day starts at this equity. */
  async close(closeTime: number, equity: number): Promise<void> {
    const day = this.dayOf(closeTime);
    if (this.day === day && this.startEquity !== null) return;
    await setDayStart(this.store, this.bot, day, equity, this.fence());
    this.day = day;
    this.startEquity = equity;
  }

  /** Why the breaker trips at `equity` on the day of `closeTime`, if it does (not on a day not yet started). */
  breach(closeTime: number, equity: number): DailyLossBreach | undefined {
    if (this.startEquity === null || this.dayOf(closeTime) !== this.day) return undefined;
    const verdict = checkDailyLoss({ dayStartEquity: this.startEquity, equity }, this.limits);
    if (verdict.ok) return undefined;
    return { reason: `daily loss breaker: ${verdict.reason}`, data: { equity, dayStartEquity: this.startEquity } };
  }
}
