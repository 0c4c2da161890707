import { reducible, splitFill } from '../../backtest/index.js';
import type { SandboxOrder } from '../../core/index.js';
import { filled, refused } from './orders.js';
import { affordable, bookOnAccount, type WorkingAccount } from './working-account.js';

export interface FillAt {
  readonly price: number;
  /** The fill's time: now for a market order, the bar's open time for a resting one. */
  readonly time: number;
  /** The exchange clock, for `updatedAt`. */
  readonly now: number;
  /** What a refused order becomes: `rejected` when placed, `expired` when it triggered. */
  readonly refusal: 'rejected' | 'expired';
}

/**
 * Fills `order` in full at `price` (a reduce-only one clipped to the position), moving the working account, or
 * refuses it when the account cannot take it: nothing left to reduce, a short where shorts are not
 * allowed, or more than the cash pays for.
 */
export function fillOrder(
  working: WorkingAccount,
  order: SandboxOrder,
  at: FillAt,
  exchange: { readonly name: string; readonly canShort: boolean; readonly feeRate: number },
): SandboxOrder {
  const position = working.positions[order.symbol] ?? 0;
  const quantity = order.reduceOnly ? Math.min(order.quantity, reducible(position, order.side)) : order.quantity;
  if (quantity === 0) return refused(order, at.refusal, 'reduce-only order would not reduce a position', at.now);
  const split = splitFill(position, order.side, quantity);
  if (!exchange.canShort && position - split.closed + split.opened < 0) {
    return refused(order, at.refusal, `${exchange.name} does not allow short positions`, at.now);
  }
  if (!affordable(working, split, at.price, exchange.feeRate))
    return refused(order, at.refusal, 'insufficient funds', at.now);
  const fee = bookOnAccount(working, order.symbol, split, at.price, exchange.feeRate);
  return filled(order, quantity, at.price, fee, at.time, at.now);
}
