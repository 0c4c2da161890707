import { feeFor } from '../../backtest/index.js';
import type { OrderSide, SandboxAccountState } from '../../core/index.js';

/** The exchange's working copy of one account; the ledger holds the committed one. */
export interface Book {
  cash: number;
  positions: Record<string, number>;
  matchedThrough: Record<string, number>;
}

export function bookOf(state: SandboxAccountState): Book {
  return { cash: state.cash, positions: { ...state.positions }, matchedThrough: { ...state.matchedThrough } };
}

/** A snapshot for the ledger; zero positions are left out. */
export function stateOf(book: Book): SandboxAccountState {
  const positions: Record<string, number> = {};
  for (const [symbol, quantity] of Object.entries(book.positions)) if (quantity !== 0) positions[symbol] = quantity;
  return { cash: book.cash, positions, matchedThrough: { ...book.matchedThrough } };
}

/** How a fill splits into closing the current position and opening (or growing) one. */
export interface FillPlan {
  /** Signed position units closed: > 0 when a sell reduces a long. */
  readonly closed: number;
  /** Signed units opened or added: > 0 for a buy. */
  readonly opened: number;
}

export function planFill(position: number, side: OrderSide, quantity: number): FillPlan {
  const reducing = side === 'buy' ? position < 0 : position > 0;
  const closing = reducing ? Math.min(quantity, Math.abs(position)) : 0;
  const opening = quantity - closing;
  return {
    closed: position > 0 ? closing : -closing,
    opened: side === 'buy' ? opening : -opening,
  };
}

/** Units a reduce-only order on `side` may still trade: 0 when it would reduce nothing. */
export function reducible(position: number, side: OrderSide): number {
  return (side === 'buy' ? position < 0 : position > 0) ? Math.abs(position) : 0;
}

// A fill sized at exactly all the cash (the backtest's own formula) can exceed it by a rounding.
const FUNDS_TOLERANCE = 1e-9;

/** Whether the cash left after the closing part pays for the opening part and its fee. */
export function affordable(book: Book, plan: FillPlan, price: number, feeRate: number): boolean {
  if (plan.opened === 0) return true;
  const afterClose =
    plan.closed === 0 ? book.cash : book.cash + (plan.closed * price - feeFor(plan.closed * price, feeRate));
  const cost = Math.abs(plan.opened) * price + feeFor(plan.opened * price, feeRate);
  return cost <= afterClose * (1 + FUNDS_TOLERANCE);
}

/**
 * Moves cash and position for a fill and returns its fee. The float operations are the backtest's
 * (SimAccount.exit, then SimAccount.enter), in its order, so replayed trades match it to the bit.
 */
export function applyFill(book: Book, symbol: string, plan: FillPlan, price: number, feeRate: number): number {
  let position = book.positions[symbol] ?? 0;
  let fee = 0;
  if (plan.closed !== 0) {
    const closeFee = feeFor(plan.closed * price, feeRate);
    book.cash = book.cash + (plan.closed * price - closeFee);
    position = plan.closed === position ? 0 : position - plan.closed;
    fee += closeFee;
  }
  if (plan.opened !== 0) {
    const openFee = feeFor(plan.opened * price, feeRate);
    book.cash = book.cash - (plan.opened * price + openFee);
    position = position + plan.opened;
    fee += openFee;
  }
  book.positions[symbol] = position;
  return fee;
}
