import {
  capEntryQuantity,
  checkDailyLoss,
  checkOrder,
  type OrderIntent,
  type OrderRole,
  type RailName,
  type RiskContext,
  type RiskLimits,
} from '../risk/index.js';

/** An order the rails refused in a backtest: the entry never filled. */
export interface RailRejection {
  /** Index and open time of the bar at whose open the order would have filled (when the runner sends it). */
  readonly index: number;
  readonly time: number;
  readonly role: OrderRole;
  readonly rail: RailName;
  readonly message: string;
}

/** The rails' refusals over a backtest: how many per rail, and each one. */
export interface RailRejections {
  readonly counts: Partial<Record<RailName, number>>;
  readonly list: readonly RailRejection[];
}

export const NO_REJECTIONS: RailRejections = Object.freeze({ counts: Object.freeze({}), list: Object.freeze([]) });

const DAY_MS = 86_400_000;

/** A simulated account has no flags, no feed to go stale and no order history: those rails always pass. */
const OFFLINE_FLAGS = Object.freeze({
  killSwitch: false,
  globalKillSwitch: false,
  paused: false,
  halted: false,
  haltedReason: null,
});

/**
 * The runner's rails inside a backtest (docs/backtest.md, "Risk rails"): every entry is cut to
 * max_order_value and max_position_value as the runner cuts it, then judged by the same
 * `checkOrder` at the fill bar's open, and the daily-loss breaker watches equity at every close
 * of the trading day, as the runner's does. A tripped breaker refuses entries until the next
 * trading day (the runner halts until someone resumes it). Kill switch, pause, halt, stale data,
 * order rate and market hours have nothing to act on offline and always pass.
 */
export class ResearchRails {
  /** Close time from which the next bar may start a new trading day. */
  dayEnds = Number.NEGATIVE_INFINITY;
  /** Equity at or below which the breaker must look (a cheap test the bar loop makes inline). */
  alarm = Number.POSITIVE_INFINITY;
  private dayStart = 0;
  private day = '';
  /** Why the breaker tripped today; empty while it has not. */
  private tripped = '';
  private readonly rejected: RailRejection[] = [];
  private readonly counts: Partial<Record<RailName, number>> = {};
  // One order and one context, rewritten for each entry: the bar loop allocates nothing for the
  // rails (fresh objects per entry cost a third of the engine's time on a busy strategy).
  private readonly intent: Mutable<OrderIntent> = {
    role: 'entry',
    side: 'buy',
    type: 'market',
    quantity: 0,
    price: 0,
    reduceOnly: false,
  };
  private readonly context: Mutable<RiskContext> = offlineContext();

  constructor(
    private readonly limits: RiskLimits,
    private readonly time: Float64Array,
    /** The trading day of a close time (a venue's local date); absent: the UTC date, as for crypto. */
    private readonly dayOf: ((time: number) => string) | undefined,
  ) {}

  /** At a bar's close, when `dayEnds` or `alarm` says so: a new day starts here, or the breaker looks. */
  close(closeTime: number, equity: number): void {
    if (closeTime >= this.dayEnds && this.newDay(closeTime)) {
      this.dayStart = equity;
      this.tripped = '';
      this.alarm = equity > 0 && Number.isFinite(equity) ? equity * (1 - this.limits.dailyLossLimit + 1e-9) : Infinity;
      return;
    }
    if (this.tripped !== '') return;
    const verdict = checkDailyLoss({ dayStartEquity: this.dayStart, equity }, this.limits);
    if (verdict.ok) return;
    this.tripped = verdict.reason;
    this.alarm = Number.NEGATIVE_INFINITY;
  }

  /**
   * The quantity an entry of `units` at `price` may fill with (0: refused and recorded). `reference`
   * is the bar's open, the last price the runner would see; `position` the signed position before.
   */
  admit(units: number, price: number, reference: number, buying: boolean, position: number, index: number): number {
    if (this.tripped !== '') return this.refuse(index, 'daily_loss', `daily loss breaker: ${this.tripped}`);
    const side = buying ? 'buy' : 'sell';
    const quantity = capEntryQuantity(units, price, side, position, this.limits);
    // The runner sends nothing either when the position leaves no room.
    if (!(quantity > 0)) return 0;
    const { intent, context } = this;
    intent.side = side;
    intent.quantity = quantity;
    intent.price = price;
    context.lastPrice = reference;
    context.position = position;
    const verdict = checkOrder(intent, context, this.limits);
    return verdict.ok ? quantity : this.refuse(index, verdict.rail, verdict.reason);
  }

  rejections(): RailRejections {
    return this.rejected.length === 0 ? NO_REJECTIONS : { counts: { ...this.counts }, list: this.rejected };
  }

  private newDay(closeTime: number): boolean {
    if (this.dayOf === undefined) {
      // A close exactly at midnight belongs to the new day, as utcDay has it.
      this.dayEnds = (Math.floor(closeTime / DAY_MS) + 1) * DAY_MS;
      return true;
    }
    this.dayEnds = closeTime; // a venue's day is looked up at every close
    const day = this.dayOf(closeTime);
    if (day === this.day) return false;
    this.day = day;
    return true;
  }

  private refuse(index: number, rail: RailName, message: string): number {
    this.rejected.push({ index, time: this.time[index], role: 'entry', rail, message });
    this.counts[rail] = (this.counts[rail] ?? 0) + 1;
    return 0;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function offlineContext(): Mutable<RiskContext> {
  // The order goes out at the bar's open, decided a moment before: never stale, never rate-limited.
  return {
    flags: OFFLINE_FLAGS,
    lastPrice: 0,
    position: 0,
    barCloseTime: 0,
    now: 0,
    timeframeMs: 1,
    ordersInLastMinute: 0,
    canShort: true,
  };
}
