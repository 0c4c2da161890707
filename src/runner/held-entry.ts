import type { VenueCalendar } from '../calendar/index.js';
import { clientOrderId, isFinalOrderStatus, type LeaseFence } from '../core/index.js';
import { findOrder, type HeldEntry, recordEvent, type Store, setHeldEntry } from '../store/index.js';
import type { PositionState } from '../strategy/index.js';
import type { OrderDesk } from './order-desk.js';
import { SEQUENCE } from './protection.js';

/** How often (on the runner's clock) it looks again for a held entry's exit while the market trades. */
export const HELD_ENTRY_POLL_MS = 15_000;

export interface HeldEntryOptions {
  readonly store: Store;
  readonly bot: string;
  readonly desk: OrderDesk;
  readonly calendar: VenueCalendar | undefined;
  readonly timeframeMs: number;
  readonly fence: () => LeaseFence | undefined;
}

/**
 * The entry half of a reversal whose exit half has not filled yet: decided at a session's close,
 * the exit waits for the next open, and the entry can only be sized (as the backtest sizes it, from
 * the cash the exit leaves) once the exit has filled. Held in the bot's runtime row, so a runner
 * that dies overnight sends it at the open all the same; sent under the bar's own client order id,
 * so a runner that dies while sending it resumes that order instead of sending another.
 */
export class HeldEntries {
  private held: HeldEntry | null = null;

  constructor(private readonly options: HeldEntryOptions) {}

  /** What the runtime row holds, read on boot. */
  load(held: HeldEntry | null): void {
    this.held = held;
  }

  get pending(): boolean {
    return this.held !== null;
  }

  /** Holds the entry of the reversal decided on the bar at `barTime` until its exit fills. */
  async hold(barTime: number, to: PositionState, size: number): Promise<void> {
    const { store, bot } = this.options;
    // The bar redone after a restart: an entry already sent for it is not held again.
    if ((await findOrder(store, clientOrderId(bot, barTime, SEQUENCE.entry))) !== undefined) return;
    const held = { barTime, to, size };
    await setHeldEntry(store, bot, held, this.options.fence());
    this.held = held;
  }

  /**
   * Sends the held entry once its exit has filled; lets it go when the exit ended without leaving
   * the bot flat (refused, cancelled), or when the kill switch is on. Called after the orders are
   * synced and before a new bar is decided on: the backtest enters at the open, before that bar.
   * True when it sent (or resumed) the entry.
   */
  async release(stopped: boolean): Promise<boolean> {
    const held = this.held;
    if (held === null) return false;
    const { store, bot, desk } = this.options;
    if (stopped) {
      await this.drop(held, 'the kill switch is on');
      return false;
    }
    // An entry already in the ledger (a runner killed while sending it) is resumed by its step.
    const sent = await findOrder(store, clientOrderId(bot, held.barTime, SEQUENCE.entry));
    if (sent === undefined) {
      const exit = await findOrder(store, clientOrderId(bot, held.barTime, SEQUENCE.exit));
      if (exit !== undefined && !isFinalOrderStatus(exit.status)) return false; // the exit still works
      if (!desk.flat) {
        await this.drop(held, `its exit ended ${exit?.status ?? 'unsent'} and the position is still open`);
        return false;
      }
    }
    await desk.step('entry', held.barTime, held.to as PositionState, held.size);
    await setHeldEntry(store, bot, null, this.options.fence());
    this.held = null;
    return true;
  }

  /**
   * When to look again for the held entry's exit, on the runner's clock: the open of the bar its
   * exit fills in (the next session's first), then the session's open, then every little while
   * until it has filled. Undefined when nothing is held.
   */
  wake(now: number, lastBarTime: number): number | undefined {
    if (this.held === null) return undefined;
    const { calendar, timeframeMs } = this.options;
    if (calendar === undefined || calendar.alwaysOpen) return now + HELD_ENTRY_POLL_MS;
    const firstBar = calendar.tradingBarTimes(lastBarTime + timeframeMs, timeframeMs, 1)[0];
    if (now < firstBar) return firstBar;
    return calendar.isOpen(now) ? now + HELD_ENTRY_POLL_MS : calendar.nextOpen(now);
  }

  private async drop(held: HeldEntry, why: string): Promise<void> {
    const { store, bot } = this.options;
    const fence = this.options.fence();
    await recordEvent(
      store,
      {
        bot,
        level: 'warn',
        kind: 'held_entry_dropped',
        message: `the entry of the reversal decided on the bar at ${new Date(held.barTime).toISOString()} is not sent: ${why}`,
        data: { ...held },
      },
      fence,
    );
    await setHeldEntry(store, bot, null, fence);
    this.held = null;
  }
}
