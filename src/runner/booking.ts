import { bookFill } from '../backtest/index.js';
import {
  type Book,
  isFinalOrderStatus,
  type LeaseFence,
  type OrderReport,
  type OrderSide,
  type OrderStatus,
} from '../core/index.js';
import { applyFill, type LedgerOrder, type Store, updateOrderFromReport } from '../store/index.js';
import { type ActivityEvent, fillEvent, orderEvent } from './activity.js';
import { crashPoint, freezePoint } from './crash-point.js';

/** Relative difference below which two quantities are the same (float noise). */
const QUANTITY_TOLERANCE = 1e-9;
export const sameQuantity = (a: number, b: number): boolean =>
  Math.abs(a - b) <= QUANTITY_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/** What a report's filled quantity holds beyond its listed fills, as position and cash. */
interface Unlisted {
  readonly position: number;
  readonly cash: number;
}

/**
 * The bot's book (position, average price, cash) and the broker reports that change it. Each fill
 * is written to the ledger once, with the position and cash it leaves, in one transaction; what a
 * broker reports filled before it lists the trades is remembered apart until it does.
 */
export class Booking {
  book: Book = { position: 0, avgPrice: 0, cash: 0 };
  /**
   * Fills the broker reports that the ledger cannot book yet (the exchange has not listed those
   * trades), by client order id: the broker's account already holds them.
   */
  private readonly unbooked = new Map<string, Unlisted>();

  constructor(
    private readonly store: Store,
    private readonly bot: string,
    /** The broker's name, for the log of what it rejected. */
    private readonly broker: string,
    /** Told of each order and fill event once its transaction committed. */
    private readonly onActivity: (event: ActivityEvent) => void = () => {},
    /** The runner's lease: every write is made only while it is current. */
    private readonly fence: () => LeaseFence | undefined = () => undefined,
  ) {}

  /** What the broker should show: the book plus fills it reported but has not listed yet. */
  get expected(): { position: number; cash: number } {
    let { position, cash } = this.book;
    for (const pending of this.unbooked.values()) {
      position += pending.position;
      cash += pending.cash;
    }
    return { position, cash };
  }

  /** Signed base units reported filled but not yet bookable. */
  get unlisted(): number {
    let units = 0;
    for (const pending of this.unbooked.values()) units += pending.position;
    return units;
  }

  /** A new boot reads every live order again: what was unlisted before is asked again. */
  forgetUnlisted(): void {
    this.unbooked.clear();
  }

  /** The order ended without a report (refused, or unknown to the broker): nothing of it is pending. */
  forget(clientOrderId: string): void {
    this.unbooked.delete(clientOrderId);
  }

  /**
   * Records the report's fills (each once) into the book, then the order's new state, and returns
   * the state stored. An order the broker reports ended but whose trades it has not all listed yet
   * is kept active (partially_filled), so the next order sync books the rest instead of leaving the
   * position short of what the broker holds. Each new fill and each change of status is an event,
   * written in the transaction that writes the fill or the status.
   */
  async record(order: LedgerOrder, report: OrderReport): Promise<OrderStatus> {
    const booked = report.fills.reduce((sum, fill) => sum + fill.quantity, 0);
    const complete = booked >= report.filledQuantity || sameQuantity(booked, report.filledQuantity);
    const stored: OrderReport =
      complete || !isFinalOrderStatus(report.status) ? report : { ...report, status: 'partially_filled' };
    if (complete) this.unbooked.delete(order.clientOrderId);
    else this.unbooked.set(order.clientOrderId, unlisted(order.side, report));
    // Fills are recorded before the order row, so a row that already shows this status and
    // filled quantity, with every filled unit booked, has nothing left to write (a resting stop
    // is looked at every tick).
    const unchanged =
      complete &&
      order.status === stored.status &&
      order.filledQuantity === stored.filledQuantity &&
      order.exchangeOrderId === stored.exchangeOrderId;
    if (unchanged) return stored.status;
    for (const fill of report.fills) {
      const next = bookFill(this.book, order.side, fill);
      const event = fillEvent(order, fill, next);
      freezePoint('fill');
      const fresh = await applyFill(
        this.store,
        {
          bot: this.bot,
          orderId: order.id,
          symbol: order.symbol,
          fill,
          position: { quantity: next.position, avgPrice: next.avgPrice },
          cash: next.cash,
        },
        event,
        this.fence(),
      );
      if (fresh) crashPoint('fill');
      if (fresh) {
        this.book = next;
        this.onActivity(event);
      }
    }
    const event = orderEvent(order, stored, this.broker);
    await updateOrderFromReport(this.store, order.clientOrderId, stored, event, this.fence());
    if (event !== undefined) this.onActivity(event);
    return stored.status;
  }
}

/** The part of a report's filled quantity not among its listed fills, as position and cash. */
function unlisted(side: OrderSide, report: OrderReport): Unlisted {
  let quantity = report.filledQuantity;
  let notional = report.filledQuantity * (report.averagePrice ?? 0);
  let fee = report.fee;
  for (const fill of report.fills) {
    quantity -= fill.quantity;
    notional -= fill.quantity * fill.price;
    fee -= fill.fee;
  }
  const sign = side === 'buy' ? 1 : -1;
  return { position: sign * quantity, cash: -sign * notional - fee };
}
