import { bpsToRate, type Costs, marketFillPrice } from '../backtest/index.js';
import {
  type Broker,
  clientOrderId,
  isFinalOrderStatus,
  type OrderReport,
  type OrderSide,
  type OrderType,
} from '../core/index.js';
import { checkOrder, type OrderIntent, type RiskLimits } from '../risk/index.js';
import {
  activeOrders,
  applyFill,
  type BotMode,
  findOrder,
  insertOrder,
  type LedgerOrder,
  markOrder,
  type OrderRole,
  readFlags,
  recordEvent,
  type Store,
  updateOrderFromReport,
} from '../store/index.js';
import { FLAT, LONG, type PositionState, SHORT, type StrategyRisk } from '../strategy/index.js';
import { applyFillToBook, type Book } from './ledger.js';

/** Order sequence numbers within one bar's decision: fixed, so every client order id is too. */
const SEQUENCE: Record<OrderRole, number> = { exit: 0, entry: 1, stop: 2, take_profit: 3 };

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
  /** The clock the rails judge staleness and order rate by. */
  readonly now: () => number;
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
  book: Book = { position: 0, avgPrice: 0, cash: 0 };
  /** Times (on the runner's clock) at which orders were sent, for the order-rate rail. */
  private readonly sent: number[] = [];

  constructor(private readonly options: DeskOptions) {}

  get state(): PositionState {
    return this.book.position > 0 ? LONG : this.book.position < 0 ? SHORT : FLAT;
  }

  /**
   * Brings every order the ledger believes is live up to date with the broker, recording new
   * fills. An order persisted but never sent (a crash between the two) is left for its bar to
   * be redone when that bar is still ahead of `doneThrough`, and closed otherwise.
   */
  async syncOrders(doneThrough: number | null): Promise<LedgerOrder[]> {
    const { store, bot, broker } = this.options;
    const live: LedgerOrder[] = [];
    for (const order of await activeOrders(store, bot)) {
      const report = await broker.fetchOrder(order.clientOrderId, order.symbol);
      if (report === undefined) {
        if (order.status === 'new' && (doneThrough === null || order.barTime > doneThrough)) {
          live.push(order);
          continue;
        }
        await markOrder(store, order.clientOrderId, 'cancelled', 'the broker never received it');
        continue;
      }
      await this.record(order, report);
      if (!isFinalOrderStatus(report.status)) live.push({ ...order, status: report.status });
    }
    return live;
  }

  /** Cancels every live order at the broker (the kill switch, or before a signal exit). */
  async cancelOrders(roles: readonly OrderRole[] | 'all', why: string): Promise<void> {
    const { store, bot, broker } = this.options;
    for (const order of await activeOrders(store, bot)) {
      if (roles !== 'all' && !roles.includes(order.role)) continue;
      const report = await broker.cancelOrder(order.clientOrderId, order.symbol);
      if (report === undefined) await markOrder(store, order.clientOrderId, 'cancelled', why);
      else await this.record(order, report);
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
    if (role === 'exit' && this.book.position === 0) return 'skipped';
    if (role === 'entry' && this.book.position !== 0) return 'skipped';
    const last = await this.options.broker.lastPrice(this.options.symbol);
    const side: OrderSide = role === 'exit' ? (this.book.position > 0 ? 'sell' : 'buy') : to === LONG ? 'buy' : 'sell';
    const price = marketFillPrice(last, side === 'buy', bpsToRate(this.options.costs.slippageBps));
    const quantity = role === 'exit' ? Math.abs(this.book.position) : this.entryQuantity(price, size);
    if (!(quantity > 0)) return 'skipped';
    return this.send({ id, role, side, type: 'market', quantity, price, reduceOnly: role === 'exit', barTime, last });
  }

  /**
   * Puts the strategy's stop-loss and take-profit at the broker for the open position (reduce-only
   * orders, priced from the entry fill as the backtest prices them), unless they are there already.
   */
  async protect(entryBarTime: number, entryPrice: number): Promise<void> {
    const { position } = this.book;
    if (position === 0) return;
    const { stopLoss, takeProfit } = this.options.risk;
    const long = position > 0;
    const side: OrderSide = long ? 'sell' : 'buy';
    const quantity = Math.abs(position);
    const orders: Array<[OrderRole, OrderType, number]> = [];
    if (Number.isFinite(stopLoss)) orders.push(['stop', 'stop', entryPrice * (long ? 1 - stopLoss : 1 + stopLoss)]);
    if (Number.isFinite(takeProfit))
      orders.push(['take_profit', 'limit', entryPrice * (long ? 1 + takeProfit : 1 - takeProfit)]);
    for (const [role, type, price] of orders) {
      const id = clientOrderId(this.options.bot, entryBarTime, SEQUENCE[role]);
      const existing = await findOrder(this.options.store, id);
      if (existing !== undefined) {
        await this.resume(existing);
        continue;
      }
      const last = await this.options.broker.lastPrice(this.options.symbol);
      await this.send({ id, role, side, type, quantity, price, reduceOnly: true, barTime: entryBarTime, last });
    }
  }

  /** The backtest's sizing: a fraction of cash, net of the fee, at the expected fill price. */
  private entryQuantity(price: number, size: number): number {
    const feeRate = bpsToRate(this.options.costs.feeBps);
    const notional = Math.max(0, this.book.cash) * this.options.risk.positionSize * size;
    return notional / (price * (1 + feeRate));
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
    const row = await insertOrder(store, {
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
    });
    return this.dispatch(row, order.price, order.last);
  }

  /** A step the ledger already holds: send it if it never left, otherwise catch up with it. */
  private async resume(order: LedgerOrder): Promise<StepOutcome> {
    if (order.status === 'rejected') return 'rejected';
    if (isFinalOrderStatus(order.status)) return 'done';
    if (order.status === 'new') {
      const last = await this.options.broker.lastPrice(order.symbol);
      const reference =
        order.price ?? marketFillPrice(last, order.side === 'buy', bpsToRate(this.options.costs.slippageBps));
      return this.dispatch(order, reference, last);
    }
    const report = await this.options.broker.fetchOrder(order.clientOrderId, order.symbol);
    if (report === undefined) {
      await markOrder(this.options.store, order.clientOrderId, 'cancelled', 'the broker no longer knows it');
      return 'skipped';
    }
    return this.settle(order, report);
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
        position: this.book.position,
        barCloseTime: order.barTime + this.options.timeframeMs,
        now,
        timeframeMs: this.options.timeframeMs,
        ordersInLastMinute: this.ordersInLastMinute(now),
        canShort: broker.canShort,
      },
      this.options.limits,
    );
    if (!verdict.ok) {
      await markOrder(store, order.clientOrderId, 'rejected', `risk:${verdict.rail}: ${verdict.reason}`);
      await recordEvent(store, {
        bot,
        level: 'alert',
        kind: 'risk_rejected',
        message: `${order.role} ${order.side} ${order.quantity} ${order.symbol} refused by ${verdict.rail}: ${verdict.reason}`,
        data: { rail: verdict.rail, clientOrderId: order.clientOrderId, intent },
      });
      return 'rejected';
    }
    this.sent.push(now);
    const report = await broker.placeOrder({
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      price: order.price,
      reduceOnly: order.reduceOnly,
    });
    return this.settle(order, report);
  }

  private async settle(order: LedgerOrder, report: OrderReport): Promise<StepOutcome> {
    await this.record(order, report);
    if (report.status !== 'rejected') return 'done';
    await recordEvent(this.options.store, {
      bot: this.options.bot,
      level: 'alert',
      kind: 'order_rejected',
      message: `${order.role} ${order.side} ${order.quantity} ${order.symbol} rejected by ${this.options.broker.name}: ${report.reason ?? 'no reason given'}`,
      data: { clientOrderId: order.clientOrderId, reason: report.reason },
    });
    return 'rejected';
  }

  /** Records the report's fills (each once) into the book, then the order's new state. */
  private async record(order: LedgerOrder, report: OrderReport): Promise<void> {
    // Fills are recorded before the order row, so a row that already shows this status and
    // filled quantity has every fill of the report behind it: nothing to write (a resting stop
    // is looked at every tick).
    const unchanged =
      order.status === report.status &&
      order.filledQuantity === report.filledQuantity &&
      order.exchangeOrderId === report.exchangeOrderId;
    if (unchanged) return;
    for (const fill of report.fills) {
      const next = applyFillToBook(this.book, order.side, fill);
      const fresh = await applyFill(this.options.store, {
        bot: this.options.bot,
        orderId: order.id,
        symbol: order.symbol,
        fill,
        position: { quantity: next.position, avgPrice: next.avgPrice },
        cash: next.cash,
      });
      if (fresh) this.book = next;
    }
    await updateOrderFromReport(this.options.store, order.clientOrderId, report);
  }

  private ordersInLastMinute(now: number): number {
    while (this.sent.length > 0 && this.sent[0] <= now - 60_000) this.sent.shift();
    return this.sent.length;
  }
}
