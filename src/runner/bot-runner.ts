import { hostname } from 'node:os';
import { bookEquity, type Costs } from '../backtest/index.js';
import type { VenueCalendar } from '../calendar/index.js';
import {
  type BarFeed,
  type Book,
  type Broker,
  type Clock,
  FencedOutError,
  FleetError,
  type LeaseFence,
  SafetyError,
  type Timeframe,
  timeframeMs,
} from '../core/index.js';
import type { RiskFlags, RiskLimits } from '../risk/index.js';
import {
  acquireLease,
  type BotRecord,
  type BotRuntime,
  countOrdersSince,
  getBot,
  heartbeat,
  type LedgerOrder,
  type NewEvent,
  readFlags,
  readPosition,
  readRuntime,
  recordEquity,
  recordEvent,
  releaseLease,
  type Store,
  setFlags,
} from '../store/index.js';
import type { Strategy } from '../strategy/index.js';
import type { ActivityEvent } from './activity.js';
import { brokerMismatches } from './broker-check.js';
import { crashPoint, freezePoint } from './crash-point.js';
import { HeldEntries } from './held-entry.js';
import { OrderDesk } from './order-desk.js';
import type { Mismatch } from './reconcile.js';
import { type SessionEvent, SessionWatch } from './session-watch.js';
import { StrategyFeed } from './strategy-feed.js';
import { type DailyLossBreach, TradingDay } from './trading-day.js';
import { VanishedOrderError } from './vanished-order.js';

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

export interface TickReport {
  /** New closed bars seen (only the newest is traded on). */
  readonly bars: number;
  readonly barTime: number | null;
}

/** Another runner holds the bot's lease. */
export class LeaseHeldError extends FleetError {}

/**
 * One bot, driven tick by tick: lease → load → reconcile on boot; then on each tick sync orders,
 * read flags, take the new bar, decide, pass the rails, persist, send, record fills, equity and a
 * heartbeat. Nothing it needs across ticks lives only in memory: the strategy's indicators are
 * rebuilt from bars, everything else is read back from the database on boot.
 */
export class BotRunner {
  readonly name: string;
  private readonly desk: OrderDesk;
  private readonly tfMs: number;
  private readonly strategy: StrategyFeed;
  private lastBarTime: number | null = null;
  private ticks = 0;
  /** Real time (Date.now) of the last lease renewal that succeeded. */
  private renewedAt = 0;
  private readonly tradingDay: TradingDay;
  private booted = false;
  /** The last tick threw part-way: a write may have committed without the book learning of it. */
  private interrupted = false;
  private activityListener: ((event: ActivityEvent) => void) | undefined;
  private sessionListener: ((event: SessionEvent & { bot: string }) => void) | undefined;
  /** The lease this runner holds (its fencing token): every write it makes carries it. */
  private fence: LeaseFence | undefined;
  /** The venue's opens and closes, for a venue that closes. */
  private readonly session: SessionWatch | undefined;
  /** A reversal's entry waiting for its exit to fill (decided at a close, it fills at the open). */
  private readonly held: HeldEntries;

  constructor(private readonly options: BotRunnerOptions) {
    this.name = options.bot.name;
    this.tfMs = timeframeMs(options.bot.timeframe as Timeframe);
    this.desk = new OrderDesk({
      store: options.store,
      bot: options.bot.name,
      symbol: options.bot.symbol,
      mode: options.bot.mode,
      broker: options.broker,
      costs: options.costs,
      risk: options.strategy.risk,
      limits: options.limits,
      timeframeMs: this.tfMs,
      calendar: options.calendar,
      extendedHours: options.extendedHours,
      now: () => options.clock.now(),
      onActivity: (event) => this.activityListener?.(event),
      fence: () => this.fence,
    });
    this.strategy = new StrategyFeed(options.strategy, () => this.desk.state);
    const calendar = options.calendar;
    this.held = new HeldEntries({
      store: options.store,
      bot: options.bot.name,
      desk: this.desk,
      calendar,
      timeframeMs: this.tfMs,
      fence: () => this.fence,
    });
    this.session = calendar === undefined || calendar.alwaysOpen ? undefined : new SessionWatch(calendar);
    this.tradingDay = new TradingDay(
      options.store,
      options.bot.name,
      options.limits,
      () => this.fence,
      calendar === undefined ? undefined : (time) => calendar.tradingDay(time),
    );
  }

  /**
   * Tells `listener` of every order and fill event the runner records, once it is in the database
   * (the same event `fleet logs` shows): how a run reports its trading as it happens.
   */
  onActivity(listener: ((event: ActivityEvent) => void) | undefined): void {
    this.activityListener = listener;
  }

  /** Tells `listener` of the venue's opens and closes as the runner records them. */
  onSession(listener: ((event: SessionEvent & { bot: string }) => void) | undefined): void {
    this.sessionListener = listener;
  }

  get timeframeMs(): number {
    return this.tfMs;
  }

  /** How long the runner's lease lasts without a renewal. */
  get leaseTtlMs(): number {
    return this.options.leaseTtlMs;
  }

  /**
   * When the next bar closes, on the runner's clock: over a closed market, the next session's first.
   * Earlier while a reversal's entry waits for its exit: when that exit should fill (at the open).
   */
  nextBarClose(): number {
    const now = this.options.clock.now();
    const last = this.lastBarTime ?? Math.floor(now / this.tfMs) * this.tfMs - this.tfMs;
    const calendar = this.options.calendar;
    const close =
      calendar === undefined || calendar.alwaysOpen
        ? last + 2 * this.tfMs
        : calendar.tradingBarTimes(last + this.tfMs, this.tfMs, 1)[0] + this.tfMs;
    return Math.min(close, this.held.wake(now, last) ?? close);
  }

  async boot(): Promise<void> {
    const { store, bot, owner } = this.options;
    await this.registeredRuntime();
    const flags = await readFlags(store, bot.name);
    if (flags.halted) {
      throw new SafetyError(
        `bot '${bot.name}' is halted: ${flags.haltedReason ?? 'no reason recorded'}; resolve it, then run fleet resume ${bot.name}`,
      );
    }
    const lease = await acquireLease(store, bot.name, {
      owner,
      pid: process.pid,
      host: hostname(),
      ttlMs: this.options.leaseTtlMs,
    });
    this.renewedAt = Date.now();
    if (!lease.acquired) {
      const { holder } = lease;
      throw new LeaseHeldError(
        `bot '${bot.name}' is already being run by ${holder.owner}${holder.pid ? ` (pid ${holder.pid} on ${holder.host})` : ''}; its lease lasts until ${holder.expiresAt?.toISOString() ?? 'it stops'}`,
      );
    }
    const fence = lease.fence;
    this.fence = fence;
    this.options.broker.useFence?.(fence);
    try {
      if (lease.previous !== undefined) {
        const { previous } = lease;
        await recordEvent(
          store,
          {
            bot: bot.name,
            level: 'warn',
            kind: 'lease_taken_over',
            message: `took the lease over from ${previous.owner}${previous.pid ? ` (pid ${previous.pid} on ${previous.host})` : ''}, whose lease had run out: anything it still tries to write is refused (lease token ${fence.token})`,
            data: { previous, fence: fence.token },
          },
          fence,
        );
      }
      await this.vanishedHalts(() => this.bootUnderLease());
      this.booted = true;
    } catch (error) {
      if (!(error instanceof FencedOutError)) {
        await releaseLease(store, bot.name, owner, error instanceof SafetyError ? 'halted' : 'stopped', fence).catch(
          () => {},
        );
      }
      throw error;
    }
  }

  /** Boot, once the lease is this runner's: load, catch up, reconcile, protect. */
  private async bootUnderLease(): Promise<void> {
    const { store, bot, owner } = this.options;
    await this.checkStillCurrent();
    this.desk.forgetUnlisted();
    this.desk.dust = await this.options.broker.minimumQuantity(bot.symbol);
    // Read under the lease: the runner that held it last may have finished a bar since boot began.
    const runtime = await this.reloadBook();
    this.interrupted = false;
    this.lastBarTime = runtime.lastBarTime;
    this.tradingDay.load(runtime.day, runtime.dayStartEquity);
    this.held.load(runtime.heldEntry);
    await this.warmUp();
    await this.checkBroker('boot', await this.desk.syncOrders(this.lastBarTime));
    // First boot: the warm-up chose the bar to trade after. Persist it, so a runner killed
    // mid-way through the first traded bar redoes that bar on restart instead of taking it
    // for history (and cancelling the order it persisted as never received).
    if (runtime.lastBarTime === null && this.lastBarTime !== null) {
      const ours = await heartbeat(store, bot.name, owner, {
        ttlMs: this.options.leaseTtlMs,
        lastBarTime: this.lastBarTime,
        fence: this.fence,
      });
      if (!ours) throw lostLease(bot.name);
    }
    // Orders sent in the minute before this start still count against the order-rate rail.
    this.desk.seedOrderRate(await countOrdersSince(store, bot.name, new Date(Date.now() - 60_000)));
    const flags = await readFlags(store, bot.name);
    if (!stopsTrading(flags) && this.lastBarTime !== null) await this.desk.protect(this.lastBarTime);
    await recordEvent(
      store,
      {
        bot: bot.name,
        level: 'info',
        kind: 'started',
        message: `runner started on ${this.options.broker.name} (${bot.mode})`,
        data: { owner, position: this.desk.book.position, cash: this.desk.book.cash, lastBarTime: this.lastBarTime },
      },
      this.fence,
    );
  }

  /** Runs `work`; an order that vanished from the broker halts the bot, with the order named. */
  private async vanishedHalts<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof VanishedOrderError)) throw error;
      const reason = `reconciliation mismatch: ${error.message}`;
      return this.halt(reason, {
        mismatches: [{ kind: 'vanished_order', message: error.message }],
        order: error.order,
      });
    }
  }

  /**
   * The bot as this runner was built for it must still be the bot as registered: a promotion,
   * demotion or market change between building and taking the lease would have it trade a ledger
   * that now belongs to another mode or market.
   */
  private async checkStillCurrent(): Promise<void> {
    const { store, bot } = this.options;
    const current = await getBot(store, bot.name);
    const changed = (['mode', 'symbol', 'exchange', 'timeframe'] as const).filter((key) => current?.[key] !== bot[key]);
    if (changed.length === 0) return;
    throw new FleetError(
      `bot '${bot.name}' changed its ${changed.join(', ')} since this runner was started (now ${changed.map((key) => current?.[key]).join(', ')}): start it again`,
    );
  }

  /** One pass: catch up with the broker, then trade on the newest closed bar, if any. */
  async tick(): Promise<TickReport> {
    if (!this.booted) throw new Error('tick before boot');
    // After a failed tick the database, not memory, knows which fills were recorded (a commit
    // whose answer was lost still counts): read the book back before going on.
    if (this.interrupted) await this.reloadBook();
    this.interrupted = true;
    const report = await this.vanishedHalts(() => this.tickOnce());
    this.interrupted = false;
    return report;
  }

  private async tickOnce(): Promise<TickReport> {
    const { store, bot, feed, clock } = this.options;
    this.ticks++;
    // Asleep past its renewals (a suspended process, a long pause), another runner may have the
    // bot by now: make sure of the lease before acting on anything.
    if (Date.now() - this.renewedAt > this.options.leaseTtlMs / 3) await this.beat();
    let live = await this.desk.syncOrders(this.lastBarTime);
    if (this.ticks % (this.options.reconcileEvery ?? 1) === 0) live = await this.checkBroker('tick', live);
    const flags = await readFlags(store, bot.name);
    const stopped = stopsTrading(flags);
    if (stopped) await this.desk.cancelOrders('all', 'kill switch');
    if (flags.halted) throw new SafetyError(`bot '${bot.name}' is halted: ${flags.haltedReason ?? ''}`);
    // A reversal's entry goes out once its exit has filled, before the next bar is decided on.
    if (await this.held.release(stopped)) live = await this.desk.syncOrders(this.lastBarTime);

    const now = clock.now();
    const session = this.session?.look(now);
    if (session !== undefined) {
      await recordEvent(store, { ...session, bot: bot.name }, this.fence);
      this.sessionListener?.({ ...session, bot: bot.name });
    }
    const from = this.lastBarTime === null ? now - this.tfMs : this.lastBarTime + this.tfMs;
    const bars = await feed.closedBars(bot.symbol, bot.timeframe as Timeframe, from, now);
    if (bars.length === 0) {
      if (!stopped && this.lastBarTime !== null) await this.desk.protect(this.lastBarTime, live);
      await this.beat();
      return { bars: 0, barTime: this.lastBarTime };
    }
    const decision = this.strategy.next(bars);
    if (bars.length > 1) {
      // Only the newest bar is traded: an order persisted for a skipped bar and never sent (a
      // runner killed in between) is closed now, not left behind a bar about to be marked done.
      if (decision !== undefined) live = await this.desk.syncOrders(decision.barTime - this.tfMs);
      await recordEvent(
        store,
        {
          bot: bot.name,
          level: 'warn',
          kind: 'caught_up',
          message: `${bars.length - 1} bar(s) closed while the runner was away; indicators caught up, orders only on the newest`,
        },
        this.fence,
      );
    }
    if (decision !== undefined) {
      // The breaker looks before the bar's orders too: a bot already past its daily loss sends no
      // entry, but its exits still go out (a bot can always get out), and then it halts.
      const breach = this.dailyLossBreach(decision.barTime, decision.close);
      const acted = await this.act(decision.barTime, decision.fired, breach === undefined);
      if (breach !== undefined) await this.halt(breach.reason, breach.data);
      if (!stopped) await this.desk.protect(decision.barTime, acted ? undefined : live);
      await this.finishBar(decision.barTime, decision.close);
      this.strategy.traded();
    } else if (!stopped && this.lastBarTime !== null) {
      await this.desk.protect(this.lastBarTime, live);
    }
    return { bars: bars.length, barTime: this.lastBarTime };
  }

  /** Catches up with the broker's fills without deciding anything (the end of a replay). */
  async catchUp(): Promise<void> {
    await this.desk.syncOrders(this.lastBarTime);
  }

  get book(): Book {
    return this.desk.book;
  }

  /** Releases the lease; the runner may be booted again later (or by another process). */
  async stop(status = 'stopped'): Promise<void> {
    const { store, bot, owner } = this.options;
    this.booted = false;
    // The event first, under the lease; the lease is given up last.
    await recordEvent(
      store,
      { bot: bot.name, level: 'info', kind: 'stopped', message: `runner ${status}` },
      this.fence,
    );
    await releaseLease(store, bot.name, owner, status, this.fence);
  }

  /** Records an event about this bot under its lease (refused once the lease is another's). */
  record(event: Omit<NewEvent, 'bot'>): Promise<number> {
    return recordEvent(this.options.store, { ...event, bot: this.name }, this.fence);
  }

  /** Renews the lease between ticks (a tick may be an hour away). False when it was lost. */
  async beat(): Promise<boolean> {
    const { store, bot, owner, leaseTtlMs } = this.options;
    const ours = await heartbeat(store, bot.name, owner, { ttlMs: leaseTtlMs, status: 'running', fence: this.fence });
    if (!ours) throw lostLease(bot.name);
    this.renewedAt = Date.now();
    return ours;
  }

  /** Reads the book back from the ledger; returns the runtime row it read the cash from. */
  private async reloadBook(): Promise<BotRuntime> {
    const { store, bot } = this.options;
    const position = await readPosition(store, bot.name, bot.symbol);
    const runtime = await this.registeredRuntime();
    this.desk.book = { position: position.quantity, avgPrice: position.avgPrice, cash: runtime.cash };
    return runtime;
  }

  private async registeredRuntime(): Promise<BotRuntime> {
    const { store, bot } = this.options;
    const runtime = await readRuntime(store, bot.name);
    if (runtime === undefined)
      throw new FleetError(`bot '${bot.name}' is not registered (run fleet up or fleet register)`);
    return runtime;
  }

  /** Feeds history up to the last traded bar (or, first time, every closed bar) to the strategy. */
  private async warmUp(): Promise<void> {
    const { bot, feed, clock } = this.options;
    const now = clock.now();
    const until = this.lastBarTime ?? now;
    const count = this.options.warmupBars ?? 1000;
    // A venue with sessions needs a longer reach for as many bars.
    const from = until - (this.options.calendar?.lookbackMs(count, this.tfMs) ?? count * this.tfMs);
    const bars = await feed.closedBars(bot.symbol, bot.timeframe as Timeframe, from, now);
    this.strategy.warmUp(bars, this.lastBarTime);
    if (this.lastBarTime === null && bars.length > 0) this.lastBarTime = bars.time[bars.length - 1];
  }

  /** Carries out the transition that fired on the bar, if any; true when one did. */
  private async act(barTime: number, fired: number, entries: boolean): Promise<boolean> {
    if (fired < 0) return false;
    const transition = this.options.strategy.transitions[fired];
    if (transition.action === 'enter' && !entries) return false;
    if (transition.action !== 'enter') {
      await this.desk.cancelOrders(['stop', 'take_profit'], 'signal exit');
      const exit = await this.desk.step('exit', barTime, transition.to, 1);
      // The exit is working, not filled (a closed market fills it at the open): its entry can be
      // sized only from what the exit leaves, so it waits for the fill.
      if (transition.action === 'reverse' && entries && exit === 'done' && !this.desk.flat) {
        await this.held.hold(barTime, transition.to, transition.size);
        return true;
      }
    }
    if (transition.action !== 'exit' && entries) {
      await this.desk.step('entry', barTime, transition.to, transition.size);
    }
    return true;
  }

  private async finishBar(barTime: number, close: number): Promise<void> {
    const { store, bot, owner, leaseTtlMs } = this.options;
    const book = this.desk.book;
    const equity = bookEquity(book, close);
    const closeTime = barTime + this.tfMs;
    freezePoint('equity');
    await recordEquity(
      store,
      {
        bot: bot.name,
        time: new Date(closeTime),
        cash: book.cash,
        equity,
        position: book.position,
        price: close,
      },
      this.fence,
    );
    crashPoint('equity');
    await this.tradingDay.close(closeTime, equity);
    const ours = await heartbeat(store, bot.name, owner, {
      ttlMs: leaseTtlMs,
      status: 'running',
      lastBarTime: barTime,
      fence: this.fence,
    });
    if (!ours) throw lostLease(bot.name);
    this.renewedAt = Date.now();
    this.lastBarTime = barTime;
    await this.checkDailyLoss(barTime, close);
  }

  /** Halts the bot when its equity at the bar's close is past the daily-loss limit for its day. */
  private async checkDailyLoss(barTime: number, close: number): Promise<void> {
    const breach = this.dailyLossBreach(barTime, close);
    if (breach !== undefined) await this.halt(breach.reason, breach.data);
  }

  private dailyLossBreach(barTime: number, close: number): DailyLossBreach | undefined {
    return this.tradingDay.breach(barTime + this.tfMs, bookEquity(this.desk.book, close));
  }

  /**
   * Compares the ledger with the broker's own record; any difference halts the bot. `live`: the
   * orders the ledger holds as live, as the order sync just left them. Returns them as the
   * comparison left them (it may sync once more).
   */
  private async checkBroker(when: 'boot' | 'tick', live: LedgerOrder[]): Promise<LedgerOrder[]> {
    let mismatches = await this.compareWithBroker(live);
    if (mismatches.length > 0) {
      // A fill can land between reading the orders and reading the balances: catch up with the
      // orders once more and look again, so only a difference that stays halts the bot.
      live = await this.desk.syncOrders(this.lastBarTime);
      mismatches = await this.compareWithBroker(live);
    }
    if (mismatches.length === 0) return live;
    return this.halt(`reconciliation mismatch on ${when}: ${mismatches.map((m) => m.message).join('; ')}`, {
      mismatches,
    });
  }

  private compareWithBroker(live: readonly LedgerOrder[]): Promise<Mismatch[]> {
    const { broker, bot } = this.options;
    return brokerMismatches({
      broker,
      symbol: bot.symbol,
      expected: this.desk.expected,
      unlisted: this.desk.unlisted,
      live,
      ownAccount: this.options.ownAccount ?? false,
      quote: this.options.quote ?? 'USDT',
      dust: this.desk.dust,
    });
  }

  private async halt(cause: string, data: Record<string, unknown>): Promise<never> {
    const { store, bot, broker } = this.options;
    // A halted runner stops looking: where it kept the stop itself, the position is now bare.
    const bare = !broker.holdsStopOrders && !this.desk.flat && Number.isFinite(this.options.strategy.risk.stopLoss);
    const reason = bare
      ? `${cause}; its position of ${this.desk.book.position} ${bot.symbol} has no stop-loss while halted (${broker.name} holds none for it)`
      : cause;
    // setFlags records the halt as an alert event; the details go with it.
    await setFlags(
      store,
      bot.name,
      { halted: true, haltedReason: reason },
      { actor: 'runner', message: reason },
      this.fence,
    );
    await recordEvent(store, { bot: bot.name, level: 'info', kind: 'halt_details', message: reason, data }, this.fence);
    throw new SafetyError(`bot '${bot.name}' halted: ${reason}`);
  }
}

/** The kill switch, the bot's or the global one: no orders go out, open ones are cancelled. */
const stopsTrading = (flags: RiskFlags): boolean => flags.killSwitch || flags.globalKillSwitch;

const lostLease = (bot: string): FencedOutError =>
  new FencedOutError(
    `bot '${bot}' was taken over by another runner (its lease ran out); this runner stops here and writes nothing`,
  );
