import { bpsToRate, entryQuantity } from '../backtest/index.js';
import { clientOrderId, type OrderSide } from '../core/index.js';
import { capEntryQuantity } from '../risk/index.js';
import { findOrder } from '../store/index.js';
import { LONG, type PositionState } from '../strategy/index.js';
import { type DeskParts, isFlat, marketPrice } from './desk-parts.js';
import { resumeOrder, sendOrder } from './order-dispatch.js';
import type { StepOutcome } from './order-record.js';
import { SEQUENCE } from './protection.js';

/**
 * One step of a decision taken on the bar that opened at `barTime`: an exit of the whole
 * position, or an entry of `size` of the position size toward `to`. A step the ledger already
 * holds (the bar redone after a crash or a failed tick) is resumed, never sent again.
 */
export async function takeStep(
  desk: DeskParts,
  role: 'entry' | 'exit',
  barTime: number,
  to: PositionState,
  size: number,
): Promise<StepOutcome> {
  const { store, bot, broker, symbol, limits } = desk.options;
  const id = clientOrderId(bot, barTime, SEQUENCE[role]);
  const existing = await findOrder(store, id);
  if (existing !== undefined) return resumeOrder(desk, existing);
  if (role === 'exit' && isFlat(desk)) return 'skipped';
  if (role === 'entry' && !isFlat(desk)) return 'skipped';
  const last = await broker.lastPrice(symbol);
  const { position } = desk.booking.book;
  const side: OrderSide = role === 'exit' ? (position > 0 ? 'sell' : 'buy') : to === LONG ? 'buy' : 'sell';
  const price = marketPrice(desk, last, side === 'buy');
  // An entry is cut to what max_order_value and max_position_value allow, as the backtest cuts it.
  const quantity =
    role === 'exit'
      ? Math.abs(position)
      : capEntryQuantity(sizeEntry(desk, price, size), price, side, desk.booking.expected.position, limits);
  if (!(quantity > 0)) return 'skipped';
  return sendOrder(desk, {
    id,
    role,
    side,
    type: 'market',
    quantity,
    price,
    reduceOnly: role === 'exit',
    barTime,
    last,
  });
}

/** The backtest's sizing: a fraction of cash, net of the fee, at the expected fill price. */
function sizeEntry(desk: DeskParts, price: number, size: number): number {
  const feeRate = bpsToRate(desk.options.costs.feeBps);
  return entryQuantity(desk.booking.book.cash, desk.options.risk.positionSize, size, price, feeRate);
}
