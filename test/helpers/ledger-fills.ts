import type { OrderSide } from '../../src/core/index.js';
import {
  applyFill,
  insertOrder,
  type OrderRole,
  readPosition,
  readRuntime,
  type Store,
} from '../../src/store/index.js';

let sequence = 0;

/**
 * Records one filled market order of `bot` through the store's repositories, carrying the bot's
 * position (average price) and cash forward the way a runner would.
 */
export async function recordFill(
  store: Store,
  bot: string,
  fill: {
    side: OrderSide;
    quantity: number;
    price: number;
    fee?: number;
    time: Date;
    role?: OrderRole;
    symbol?: string;
  },
): Promise<void> {
  const symbol = fill.symbol ?? 'SBX-TREND';
  const fee = fill.fee ?? 0;
  const order = await insertOrder(store, {
    bot,
    clientOrderId: `${bot}-test-${++sequence}`,
    symbol,
    side: fill.side,
    type: 'market',
    quantity: fill.quantity,
    reduceOnly: fill.role !== undefined && fill.role !== 'entry',
    role: fill.role ?? (fill.side === 'buy' ? 'entry' : 'exit'),
    barTime: fill.time.getTime(),
    mode: 'paper',
  });
  const before = await readPosition(store, bot, symbol);
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  const quantity = before.quantity + signed;
  const adding = before.quantity === 0 || Math.sign(before.quantity) === Math.sign(signed);
  const avgPrice =
    Math.abs(quantity) < 1e-12
      ? 0
      : adding
        ? (Math.abs(before.quantity) * before.avgPrice + fill.quantity * fill.price) / Math.abs(quantity)
        : before.avgPrice;
  const cash = ((await readRuntime(store, bot))?.cash ?? 0) - signed * fill.price - fee;
  await applyFill(store, {
    bot,
    orderId: order.id,
    symbol,
    fill: { id: `f-${sequence}`, quantity: fill.quantity, price: fill.price, fee, time: fill.time.getTime() },
    position: { quantity: Math.abs(quantity) < 1e-12 ? 0 : quantity, avgPrice },
    cash,
  });
}
