import type { Costs } from '../backtest/index.js';
import type { VenueCalendar } from '../calendar/index.js';
import type { BarFeed, Broker, Clock } from '../core/index.js';
import type { RiskLimits } from '../risk/index.js';
import type { BotRecord, Store } from '../store/index.js';
import type { Strategy } from '../strategy/index.js';

export interface BotRunnerOptions {
  readonly store: Store;
  readonly bot: BotRecord;
  readonly strategy: Strategy;
  readonly broker: Broker;
  readonly feed: BarFeed;
  readonly clock: Clock;
  readonly costs: Costs;
  readonly limits: RiskLimits;
  /** Identifies this runner in the bot's lease. */
  readonly owner: string;
  readonly leaseTtlMs: number;
  /** Bars fed to the strategy before the first traded bar, so indicators start warm. */
  readonly warmupBars?: number;
  /** The broker account is the bot's alone (sandbox, paper): compare cash as well. */
  readonly ownAccount?: boolean;
  /** Quote currency of the bot's market, for the cash comparison. */
  readonly quote?: string;
  /** Reconcile with the broker every this many ticks (and always on boot). */
  readonly reconcileEvery?: number;
  /**
   * The venue's calendar (default: crypto's, never closed). Outside its sessions the runner
   * sleeps to the next session's first bar, records the market's opens and closes, and its
   * daily-loss day is the venue's trading day.
   */
  readonly calendar?: VenueCalendar;
  /** The spec's risk.extended_hours: orders may go out while the session is closed. */
  readonly extendedHours?: boolean;
}
