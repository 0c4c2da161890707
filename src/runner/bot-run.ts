import { type Timeframe, timeframeMs } from '../core/index.js';
import type { ActivityEvent } from './activity.js';
import { HeldEntries } from './held-entry.js';
import { OrderDesk } from './order-desk.js';
import { RunnerLease } from './runner-lease.js';
import type { BotRunnerOptions } from './runner-options.js';
import { type SessionEvent, SessionWatch } from './session-watch.js';
import { StrategyFeed } from './strategy-feed.js';
import { TradingDay } from './trading-day.js';

/** Who hears of what a runner records as it records it. */
export interface RunnerListeners {
  /** Each order and fill event, once it is in the database. */
  activity?: (event: ActivityEvent) => void;
  /** The venue's opens and closes. */
  session?: (event: SessionEvent & { bot: string }) => void;
}

/**
 * One bot as its runner works it: the options the runner was built from, the parts that act for
 * it, and where it stands in the bars. The boot, the tick, the bar's close and a halt all work on
 * it. What is here only in memory is rebuilt on every boot (from bars, or read back from the
 * database), so a runner killed anywhere loses nothing by losing it.
 */
export interface BotRun {
  readonly options: BotRunnerOptions;
  readonly timeframeMs: number;
  readonly lease: RunnerLease;
  readonly desk: OrderDesk;
  readonly strategy: StrategyFeed;
  /** A reversal's entry waiting for its exit to fill (decided at a close, it fills at the open). */
  readonly held: HeldEntries;
  readonly tradingDay: TradingDay;
  /** The venue's opens and closes, for a venue that closes. */
  readonly session: SessionWatch | undefined;
  readonly listeners: RunnerListeners;
  /** Open time of the last bar traded on (null before the first). */
  lastBarTime: number | null;
  /** Ticks so far, for the reconciliation cadence. */
  ticks: number;
  /** The last tick threw part-way: a write may have committed without the book learning of it. */
  interrupted: boolean;
}

/** Builds the parts of a bot's run; each reaches the lease through the run, so it writes under the current one. */
export function createBotRun(options: BotRunnerOptions): BotRun {
  const { store, bot, calendar } = options;
  const tfMs = timeframeMs(bot.timeframe as Timeframe);
  const listeners: RunnerListeners = {};
  const lease = new RunnerLease(store, bot.name, options.owner, options.leaseTtlMs);
  const fence = () => lease.fence;
  const desk = new OrderDesk({
    store,
    bot: bot.name,
    symbol: bot.symbol,
    mode: bot.mode,
    broker: options.broker,
    costs: options.costs,
    risk: options.strategy.risk,
    limits: options.limits,
    timeframeMs: tfMs,
    calendar,
    extendedHours: options.extendedHours,
    now: () => options.clock.now(),
    onActivity: (event) => listeners.activity?.(event),
    fence,
  });
  return {
    options,
    timeframeMs: tfMs,
    lease,
    desk,
    strategy: new StrategyFeed(options.strategy, () => desk.state),
    held: new HeldEntries({ store, bot: bot.name, desk, calendar, timeframeMs: tfMs, fence }),
    tradingDay: new TradingDay(
      store,
      bot.name,
      options.limits,
      fence,
      calendar === undefined ? undefined : (time) => calendar.tradingDay(time),
    ),
    session: calendar === undefined || calendar.alwaysOpen ? undefined : new SessionWatch(calendar),
    listeners,
    lastBarTime: null,
    ticks: 0,
    interrupted: false,
  };
}
