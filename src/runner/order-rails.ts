import type { VenueCalendar } from '../calendar/index.js';
import { checkOrder, type OrderIntent, type RiskVerdict } from '../risk/index.js';
import { type LedgerOrder, readFlags } from '../store/index.js';
import { agesFrom } from './bar-age.js';
import type { DeskParts } from './desk-parts.js';

/**
 * The rails' verdict on an order the ledger holds, judged at `reference` (its limit or trigger,
 * or where a market order is expected to fill) with the flags as the database has them now.
 */
export async function railsVerdict(
  desk: DeskParts,
  order: LedgerOrder,
  reference: number,
  last: number,
  now: number,
): Promise<RiskVerdict> {
  const { store, bot, broker, calendar, timeframeMs } = desk.options;
  const intent: OrderIntent = {
    role: order.role,
    side: order.side,
    type: order.type,
    quantity: order.quantity,
    price: reference,
    reduceOnly: order.reduceOnly,
  };
  return checkOrder(
    intent,
    {
      flags: await readFlags(store, bot),
      lastPrice: last,
      position: desk.booking.expected.position,
      barCloseTime: agesFrom(calendar, order.barTime + timeframeMs),
      now,
      timeframeMs,
      ordersInLastMinute: desk.rate.inLastMinute(now),
      canShort: broker.canShort,
      ...(calendar === undefined || calendar.alwaysOpen
        ? {}
        : { marketOpen: inSession(desk, order.barTime, now), extendedHours: desk.options.extendedHours === true }),
    },
    desk.options.limits,
  );
}

/**
 * Whether an order on the bar at `barTime` is a session order: the venue trades now, or the bar
 * ended inside a session (decided at the close, it goes out then and fills at the next open, as
 * in a backtest). A bar from outside the session (pre- or after-market data) is not.
 */
function inSession(desk: DeskParts, barTime: number, now: number): boolean {
  const calendar = desk.options.calendar as VenueCalendar;
  return calendar.isOpen(now) || calendar.sessionAt(barTime + desk.options.timeframeMs - 1) !== undefined;
}
