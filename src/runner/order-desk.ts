import { bpsToRate, type Costs, entryQuantity, marketFillPrice } from '../backtest/index.js';
import type { VenueCalendar } from '../calendar/index.js';
import {
  type Book,
  type Broker,
  clientOrderId,
  isFinalOrderStatus,
  type LeaseFence,
  type OrderReport,
  type OrderSide,
  type OrderType,
} from '../core/index.js';
import { capEntryQuantity, checkOrder, type OrderIntent, type RiskLimits } from '../risk/index.js';
import {
  activeOrders,
  type BotMode,
  findOrder,
  insertOrder,
  type LedgerOrder,
  markCancelRequested,
  markOrder,
  markSending,
  type OrderRole,
  ordersOnBar,
  readFlags,
  type Store,
} from '../store/index.js';
import { FLAT, LONG, type PositionState, SHORT, type StrategyRisk } from '../strategy/index.js';
import { type ActivityEvent, orderEvent, refusalEvent } from './activity.js';
import { agesFrom } from './bar-age.js';
import { Booking, sameQuantity } from './booking.js';
import { crashPoint, freezePoint } from './crash-point.js';
import { crossedLevel, nextProtectiveId, type ProtectiveLevel, protectiveLevels, SEQUENCE } from './protection.js';
import { VanishedOrderError, vanished } from './vanished-order.js';

export interface DeskOptions {
  readonly store: Store;
  readonly bot: string;
  readonly symbol: string;
  readonly mode: BotMode;
  readonly broker: Broker;
  readonly costs: Costs;
  readonly risk: StrategyRisk;
  readonly limits: RiskLimits;
  readonly timeframeMs: number;
  /** The venue's calendar: outside its sessions the market_closed rail refuses orders. */
  readonly calendar?: VenueCalendar;
  /** The spec's risk.extended_hours: orders may go out while the session is closed. */
  readonly extendedHours?: boolean;
  /** The clock the rails judge staleness and order rate by. */
  readonly now: () => number;
  /** Told of each order and fill event once it is in the database. */
  readonly onActivity?: (event: ActivityEvent) => void;
  /** The runner's lease: every write the desk makes is made only while it is current. */
  readonly fence: () => LeaseFence | undefined;
}

/** What a step of a decision came to. */
export type StepOutcome = 'done' | 'skipped' | 'rejected';

/**
 * Everything between a decision and the broker: the bot's book, the rails, the ledger rows
 * written before anything is sent, and the fills recorded after. Every step is keyed by a
 * deterministic client order id and checks the ledger first, so repeating a step after a crash
 * or a failed tick continues it instead of sending it twice.
 */
export class OrderDesk {
  /** Positions smaller than this are dust the market will not take (Broker.minimumQuantity). */
  dust = 0;
  /** Times (on the runner's clock) at which orders were sent, for the order-rate rail. */
  private readonly sent: number[] = [];
  private readonly booking: Booking;

  constructor(private readonly options: DeskOptions) {
    this.booking = new Booking(options.store, options.bot, options.broker.name, options.onActivity, options.fence);
  }

  /** The bot's position, average price and cash, as the ledger has booked them. */
  get book(): Book {
    return this.booking.book;
  }

  set book(book: Book) {
    this.booking.book = book;
  }

  get state(): PositionState {
    if (this.flat) return FLAT;
    return this.expected.position > 0 ? LONG : SHORT;
  }

  /**
   * No position, or only dust: nothing to exit or protect, and room for an entry. Fills the broker
   * reported but has not listed yet count: an entry filled at the exchange is a position there.
   */
  get flat(): boolean {
    const held = Math.abs(this.expected.position);
    return held === 0 || held < this.dust;
  }

  /** What the broker should show: the book plus fills it reported but has not listed yet. */
  get expected(): { position: number; cash: number } {
    return this.booking.expected;
  }

  /** Signed base units reported filled but not yet bookable. */
  get unlisted(): number {
    return this.booking.unlisted;
  }

  /** A new boot reads every live order again: what was unlisted before is asked again. */
  forgetUnlisted(): void {
    this.booking.forgetUnlisted();
  }

  /**
   * Counts `count` orders as sent just now for the order-rate rail: those the ledger shows sent in
   * the last minute before this runner started, so a restart (or a crash loop) never resets it.
   */
  seedOrderRate(count: number): void {
    const now = this.options.now();
    this.sent.length = 0; // the ledger's count includes any this desk sent before a restart
    for (let i = 0; i < count; i++) this.sent.push(now);
  }

  /**
   * Brings every order the ledger believes is live up to date with the broker, recording new
   * fills. An order persisted but never sent (a crash between the two) is left for its bar to
   * be redone when that bar is still ahead of `doneThrough`, and closed otherwise. An acknowledged
   * order the broker no longer knows, or reports cancelled though the bot never asked, throws
   * VanishedOrderError: nothing of it is recorded as if it were ordinary.
   */
  async syncOrders(doneThrough: number | null): Promise<LedgerOrder[]> {
    const { store, bot, broker } = this.options;
    const live: LedgerOrder[] = [];
    for (const order of await activeOrders(store, bot)) {
      const report = await broker.fetchOrder(order.clientOrderId, order.symbol);
      if (report === undefined) {
        if (order.status !== 'new') throw vanished(order, broker.name);
        if (doneThrough === null || order.barTime > doneThrough) {
          live.push(order);
          continue;
        }
        await this.close(order, 'cancelled', 'the broker never received it');
        continue;
      }
      if (report.status === 'cancelled' && !order.cancelRequested && order.status !== 'cancelled') {
        throw new VanishedOrderError(order, `was cancelled at ${broker.name} though the bot never asked to cancel it`);
      }
      const status = await this.booking.record(order, report);
      if (!isFinalOrderStatus(status)) live.push({ ...order, status });
    }
    return live;
  }

  /** Cancels every live order at the broker (the kill switch, or before a signal exit). */
  async cancelOrders(roles: readonly OrderRole[] | 'all', why: string): Promise<void> {
    const { store, bot } = this.options;
    for (const order of await activeOrders(store, bot)) {
      if (roles === 'all' || roles.includes(order.role)) await this.cancelOne(order, why);
    }
  }

  /**
   * One step of a decision taken on the bar that opened at `barTime`: an exit of the whole
   * position, or an entry of `size` of the position size toward `to`.
   */
  async step(role: 'entry' | 'exit', barTime: number, to: PositionState, size: number): Promise<StepOutcome> {
    const id = clientOrderId(this.options.bot, barTime, SEQUENCE[role]);
    const existing = await findOrder(this.options.store, id);
    if (existing !== undefined) return this.resume(existing);
    if (role === 'exit' && this.flat) return 'skipped';
    if (role === 'entry' && !this.flat) return 'skipped';
    const last = await this.options.broker.lastPrice(this.options.symbol);
    const side: OrderSide = role === 'exit' ? (this.book.position > 0 ? 'sell' : 'buy') : to === LONG ? 'buy' : 'sell';
    const price = this.marketPrice(last, side === 'buy');
    // An entry is cut to what max_order_value and max_position_value allow, as the backtest cuts it.
    const quantity =
      role === 'exit'
        ? Math.abs(this.book.position)
        : capEntryQuantity(this.entryQuantity(price, size), price, side, this.expected.position, this.options.limits);
    if (!(quantity > 0)) return 'skipped';
    return this.send({ id, role, side, type: 'market', quantity, price, reduceOnly: role === 'exit', barTime, last });
  }

  /**
   * Keeps the open position protected by the strategy's stop-loss and take-profit, priced from
   * the average entry price as the backtest prices them. Called after every decision and on every
   * tick: a protective order that is gone while the position is not (cancelled by the kill switch,
   * refused, expired) is placed again, and one whose size no longer matches the position is
   * replaced. Nothing happens while an entry or exit is still working: the position is about to
   * change. A broker that cannot hold stop orders gets market exits when a level is crossed.
   * `active`: the ledger's active orders when the caller has them fresh; read otherwise.
   */
  async protect(barTime: number, active?: readonly LedgerOrder[]): Promise<void> {
    if (this.flat) return;
    const { position, avgPrice } = this.book;
    const levels = protectiveLevels(this.options.risk, position, avgPrice);
    if (levels.length === 0) return;
    const working = active ?? (await activeOrders(this.options.store, this.options.bot));
    if (working.some((order) => order.role === 'entry' || order.role === 'exit')) return;
    if (!this.options.broker.holdsStopOrders) return this.watchLevels(barTime, levels, working);
    for (const level of levels) {
      const current = working.find((order) => order.role === level.role);
      if (current?.status === 'new') {
        await this.resume(current);
        continue;
      }
      if (current !== undefined) {
        if (sameQuantity(current.quantity - current.filledQuantity, Math.abs(position))) continue;
        await this.cancelOne(current, 'the position changed size');
        // The cancel may have found it filled: protect what is left, if anything. The levels
        // stand: a fill that only shrinks the position leaves its average price as it was.
        if (this.flat) return;
      }
      await this.arm(barTime, level);
    }
  }

  /** For a broker without stop orders: exit at market once the last price crosses a level. */
  private async watchLevels(
    barTime: number,
    levels: readonly ProtectiveLevel[],
    working: readonly LedgerOrder[],
  ): Promise<void> {
    const sent = working.find((order) => order.role === 'stop' || order.role === 'take_profit');
    if (sent !== undefined) {
      if (sent.status === 'new') await this.resume(sent);
      return;
    }
    const last = await this.options.broker.lastPrice(this.options.symbol);
    const crossed = crossedLevel(levels, this.book.position, last);
    if (crossed === undefined) return;
    const price = this.marketPrice(last, this.book.position < 0);
    await this.sendProtective(barTime, crossed.role, 'market', price, last);
  }

  /** Places a protective order for the whole position at the broker. */
  private async arm(barTime: number, level: ProtectiveLevel): Promise<void> {
    const last = await this.options.broker.lastPrice(this.options.symbol);
    await this.sendProtective(barTime, level.role, level.type, level.price, last);
  }

  /** A reduce-only order for the whole position, under the bar's next protective id (if any is left). */
  private async sendProtective(
    barTime: number,
    role: ProtectiveLevel['role'],
    type: OrderType,
    price: number,
    last: number,
  ): Promise<void> {
    const { store, bot } = this.options;
    const id = nextProtectiveId(bot, barTime, role, await ordersOnBar(store, bot, barTime, role));
    if (id === undefined) return;
    const side: OrderSide = this.book.position > 0 ? 'sell' : 'buy';
    const quantity = Math.abs(this.book.position);
    await this.send({ id, role, side, type, quantity, price, reduceOnly: true, barTime, last });
  }

  private async cancelOne(order: LedgerOrder, why: string): Promise<void> {
    // Recorded first, under the lease: a cancel the broker reports is then known to be ours.
    await markCancelRequested(this.options.store, order.clientOrderId, this.lease());
    const report = await this.options.broker.cancelOrder(order.clientOrderId, order.symbol);
    if (report === undefined) await this.close(order, 'cancelled', why);
    // The ledger (and the log) keep why it was cancelled, when the broker gives no reason of its own.
    else
      await this.booking.record(
        order,
        report.status === 'cancelled' && report.reason === undefined ? { ...report, reason: why } : report,
      );
  }

  /** Where a market order is expected to fill, as the backtest fills one: the last price plus slippage. */
  private marketPrice(last: number, buy: boolean): number {
    return marketFillPrice(last, buy, bpsToRate(this.options.costs.slippageBps));
  }

  /** The backtest's sizing: a fraction of cash, net of the fee, at the expected fill price. */
  private entryQuantity(price: number, size: number): number {
    const feeRate = bpsToRate(this.options.costs.feeBps);
    return entryQuantity(this.book.cash, this.options.risk.positionSize, size, price, feeRate);
  }

  private async send(order: {
    id: string;
    role: OrderRole;
    side: OrderSide;
    type: OrderType;
    quantity: number;
    price: number;
    reduceOnly: boolean;
    barTime: number;
    last: number;
  }): Promise<StepOutcome> {
    const { store, bot, symbol, mode } = this.options;
    // Persisted before the rails and the broker see it: after a crash the ledger knows what may
    // have been sent, and a refusal is recorded once however often the bar is retried.
    freezePoint('order');
    const row = await insertOrder(
      store,
      {
        bot,
        clientOrderId: order.id,
        symbol,
        side: order.side,
        type: order.type,
        quantity: order.quantity,
        price: order.type === 'market' ? undefined : order.price,
        reduceOnly: order.reduceOnly,
        role: order.role,
        barTime: order.barTime,
        mode,
      },
      this.options.fence(),
    );
    crashPoint('order');
    return this.dispatch(row, order.price, order.last);
  }

  /** A step the ledger already holds: send it if it never left, otherwise catch up with it. */
  private async resume(order: LedgerOrder): Promise<StepOutcome> {
    if (order.status === 'rejected') return 'rejected';
    if (isFinalOrderStatus(order.status)) return 'done';
    if (order.status === 'new') {
      const last = await this.options.broker.lastPrice(order.symbol);
      const reference = order.price ?? this.marketPrice(last, order.side === 'buy');
      return this.dispatch(order, reference, last);
    }
    const report = await this.options.broker.fetchOrder(order.clientOrderId, order.symbol);
    if (report === undefined) throw vanished(order, this.options.broker.name);
    return this.recordReport(order, report);
  }

  /**
   * Whether an order on the bar at `barTime` is a session order: the venue trades now, or the bar
   * ended inside a session (decided at the close, it goes out then and fills at the next open, as
   * in a backtest). A bar from outside the session (pre- or after-market data) is not.
   */
  private inSession(barTime: number, now: number): boolean {
    const calendar = this.options.calendar as VenueCalendar;
    return calendar.isOpen(now) || calendar.sessionAt(barTime + this.options.timeframeMs - 1) !== undefined;
  }

  /** The rails, then the broker. `reference` is the price the rails judge the order at. */
  private async dispatch(order: LedgerOrder, reference: number, last: number): Promise<StepOutcome> {
    const { store, bot, broker } = this.options;
    const intent: OrderIntent = {
      role: order.role,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: reference,
      reduceOnly: order.reduceOnly,
    };
    const now = this.options.now();
    const verdict = checkOrder(
      intent,
      {
        flags: await readFlags(store, bot),
        lastPrice: last,
        position: this.expected.position,
        barCloseTime: agesFrom(this.options.calendar, order.barTime + this.options.timeframeMs),
        now,
        timeframeMs: this.options.timeframeMs,
        ordersInLastMinute: this.ordersInLastMinute(now),
        canShort: broker.canShort,
        ...(this.options.calendar === undefined || this.options.calendar.alwaysOpen
          ? {}
          : { marketOpen: this.inSession(order.barTime, now), extendedHours: this.options.extendedHours === true }),
      },
      this.options.limits,
    );
    if (!verdict.ok) {
      const event = refusalEvent(order, reference, verdict.rail, verdict.reason);
      await this.close(order, 'rejected', `risk:${verdict.rail}: ${verdict.reason}`, event);
      return 'rejected';
    }
    // Cleared to go under the lease, in a transaction that checks it, before any broker sees it:
    // a runner that lost its lease stops here.
    freezePoint('sent');
    await markSending(store, order.clientOrderId, this.lease());
    crashPoint('sent');
    this.sent.push(now);
    freezePoint('placed');
    const report = await broker.placeOrder({
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: order.price,
      reduceOnly: order.reduceOnly,
    });
    crashPoint('placed');
    return this.recordReport(order, report);
  }

  /** Books the report; a rejection is recorded (an alert) with the order's new state. */
  private async recordReport(order: LedgerOrder, report: OrderReport): Promise<StepOutcome> {
    await this.booking.record(order, report);
    return report.status === 'rejected' ? 'rejected' : 'done';
  }

  /**
   * Ends an order without a broker report (refused by a rail, or unknown to the broker), with its
   * event in the same transaction: `event` for a refusal, an order_cancelled event otherwise.
   */
  private async close(
    order: LedgerOrder,
    status: 'cancelled' | 'rejected',
    why: string,
    event: ActivityEvent | undefined = orderEvent(
      order,
      { status, filledQuantity: order.filledQuantity, averagePrice: order.averagePrice, fee: order.fee, reason: why },
      this.options.broker.name,
    ),
  ): Promise<void> {
    await markOrder(this.options.store, order.clientOrderId, status, why, event, this.options.fence());
    this.booking.forget(order.clientOrderId);
    if (event !== undefined) this.options.onActivity?.(event);
  }

  /** The lease the desk writes under; a desk is only used by a runner that holds one. */
  private lease(): LeaseFence {
    const fence = this.options.fence();
    if (fence === undefined) throw new Error(`${this.options.bot}: no lease to send or cancel orders under`);
    return fence;
  }

  private ordersInLastMinute(now: number): number {
    while (this.sent.length > 0 && this.sent[0] <= now - 60_000) this.sent.shift();
    return this.sent.length;
  }
}
