import type { Book } from '../core/index.js';
import type { LedgerOrder, OrderRole } from '../store/index.js';
import { FLAT, LONG, type PositionState, SHORT } from '../strategy/index.js';
import { createDeskParts, type DeskOptions, type DeskParts, isFlat } from './desk-parts.js';
import { cancelOrders } from './order-cancel.js';
import type { StepOutcome } from './order-record.js';
import { takeStep } from './order-step.js';
import { syncOrders } from './order-sync.js';
import { protect } from './protective-orders.js';

/**
 * Everything between a decision and the broker: the bot's book, the rails, the ledger rows
 * written before anything is sent, and the fills recorded after. Every step is keyed by a
 * deterministic client order id and checks the ledger first, so repeating a step after a crash
 * or a failed tick continues it instead of sending it twice. The work is done in its parts:
 * order-step.ts plans a step, order-dispatch.ts persists and sends (or resumes) an order through
 * the rails (order-rails.ts), order-record.ts books what came of it, order-sync.ts catches up
 * with the broker, order-cancel.ts cancels, and protective-orders.ts keeps the stop and target.
 */
export class OrderDesk {
  private readonly desk: DeskParts;

  constructor(options: DeskOptions) {
    this.desk = createDeskParts(options);
  }

  /** Positions smaller than this are dust the market will not take (Broker.minimumQuantity). */
  get dust(): number {
    return this.desk.dust;
  }

  set dust(dust: number) {
    this.desk.dust = dust;
  }

  /** The bot's position, average price and cash, as the ledger has booked them. */
  get book(): Book {
    return this.desk.booking.book;
  }

  set book(book: Book) {
    this.desk.booking.book = book;
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
    return isFlat(this.desk);
  }

  /** What the broker should show: the book plus fills it reported but has not listed yet. */
  get expected(): { position: number; cash: number } {
    return this.desk.booking.expected;
  }

  /** Signed base units reported filled but not yet bookable. */
  get unlisted(): number {
    return this.desk.booking.unlisted;
  }

  /** A new boot reads every live order again: what was unlisted before is asked again. */
  forgetUnlisted(): void {
    this.desk.booking.forgetUnlisted();
  }

  /**
   * Counts `count` orders as sent just now for the order-rate rail: those the ledger shows sent in
   * the last minute before this runner started, so a restart (or a crash loop) never resets it.
   */
  seedOrderRate(count: number): void {
    this.desk.rate.seed(count, this.desk.options.now());
  }

  /**
   * Brings every order the ledger believes is live up to date with the broker, recording new
   * fills; returns those still live. See order-sync.ts.
   */
  syncOrders(doneThrough: number | null): Promise<LedgerOrder[]> {
    return syncOrders(this.desk, doneThrough);
  }

  /** Cancels every live order at the broker (the kill switch, or before a signal exit). */
  cancelOrders(roles: readonly OrderRole[] | 'all', why: string): Promise<void> {
    return cancelOrders(this.desk, roles, why);
  }

  /**
   * One step of a decision taken on the bar that opened at `barTime`: an exit of the whole
   * position, or an entry of `size` of the position size toward `to`.
   */
  step(role: 'entry' | 'exit', barTime: number, to: PositionState, size: number): Promise<StepOutcome> {
    return takeStep(this.desk, role, barTime, to, size);
  }

  /**
   * Keeps the open position protected by the strategy's stop-loss and take-profit (see
   * protective-orders.ts). `active`: the ledger's active orders when the caller has them fresh.
   */
  protect(barTime: number, active?: readonly LedgerOrder[]): Promise<void> {
    return protect(this.desk, barTime, active);
  }
}
