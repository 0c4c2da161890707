import type { OrderSide, OrderType } from '../core/index.js';
import { activeOrders, type LedgerOrder, ordersOnBar } from '../store/index.js';
import { sameQuantity } from './booking.js';
import { type DeskParts, isFlat, marketPrice } from './desk-parts.js';
import { cancelOrder } from './order-cancel.js';
import { resumeOrder, sendOrder } from './order-dispatch.js';
import { crossedLevel, nextProtectiveId, type ProtectiveLevel, protectiveLevels } from './protection.js';

/**
 * Keeps the open position protected by the strategy's stop-loss and take-profit, priced from
 * the average entry price as the backtest prices them. Called after every decision and on every
 * tick: a protective order that is gone while the position is not (cancelled by the kill switch,
 * refused, expired) is placed again, and one whose size no longer matches the position is
 * replaced. Nothing happens while an entry or exit is still working: the position is about to
 * change. A broker that cannot hold stop orders gets market exits when a level is crossed.
 * `active`: the ledger's active orders when the caller has them fresh; read otherwise.
 */
export async function protect(desk: DeskParts, barTime: number, active?: readonly LedgerOrder[]): Promise<void> {
  if (isFlat(desk)) return;
  const { position, avgPrice } = desk.booking.book;
  const levels = protectiveLevels(desk.options.risk, position, avgPrice);
  if (levels.length === 0) return;
  const working = active ?? (await activeOrders(desk.options.store, desk.options.bot));
  if (working.some((order) => order.role === 'entry' || order.role === 'exit')) return;
  if (!desk.options.broker.holdsStopOrders) return watchLevels(desk, barTime, levels, working);
  for (const level of levels) {
    const current = working.find((order) => order.role === level.role);
    if (current?.status === 'new') {
      await resumeOrder(desk, current);
      continue;
    }
    if (current !== undefined) {
      if (sameQuantity(current.quantity - current.filledQuantity, Math.abs(position))) continue;
      await cancelOrder(desk, current, 'the position changed size');
      // The cancel may have found it filled: protect what is left, if anything. The levels
      // stand: a fill that only shrinks the position leaves its average price as it was.
      if (isFlat(desk)) return;
    }
    await arm(desk, barTime, level);
  }
}

/** For a broker without stop orders: exit at market once the last price crosses a level. */
async function watchLevels(
  desk: DeskParts,
  barTime: number,
  levels: readonly ProtectiveLevel[],
  working: readonly LedgerOrder[],
): Promise<void> {
  const sent = working.find((order) => order.role === 'stop' || order.role === 'take_profit');
  if (sent !== undefined) {
    if (sent.status === 'new') await resumeOrder(desk, sent);
    return;
  }
  const last = await desk.options.broker.lastPrice(desk.options.symbol);
  const crossed = crossedLevel(levels, desk.booking.book.position, last);
  if (crossed === undefined) return;
  const price = marketPrice(desk, last, desk.booking.book.position < 0);
  await sendProtective(desk, barTime, crossed.role, 'market', price, last);
}

/** Places a protective order for the whole position at the broker. */
async function arm(desk: DeskParts, barTime: number, level: ProtectiveLevel): Promise<void> {
  const last = await desk.options.broker.lastPrice(desk.options.symbol);
  await sendProtective(desk, barTime, level.role, level.type, level.price, last);
}

/** A reduce-only order for the whole position, under the bar's next protective id (if any is left). */
async function sendProtective(
  desk: DeskParts,
  barTime: number,
  role: ProtectiveLevel['role'],
  type: OrderType,
  price: number,
  last: number,
): Promise<void> {
  const { store, bot } = desk.options;
  const id = nextProtectiveId(bot, barTime, role, await ordersOnBar(store, bot, barTime, role));
  if (id === undefined) return;
  const { position } = desk.booking.book;
  const side: OrderSide = position > 0 ? 'sell' : 'buy';
  const quantity = Math.abs(position);
  await sendOrder(desk, { id, role, side, type, quantity, price, reduceOnly: true, barTime, last });
}
