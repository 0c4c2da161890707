import { bookSplit, cashAfterClose, type FillSplit, feeFor } from '../../backtest/index.js';
import type { SandboxAccountState } from '../../core/index.js';

/** The exchange's working copy of one account, changed by fills; the SandboxLedger holds the committed one. */
export interface WorkingAccount {
  cash: number;
  positions: Record<string, number>;
  matchedThrough: Record<string, number>;
}

export function workingAccount(state: SandboxAccountState): WorkingAccount {
  return { cash: state.cash, positions: { ...state.positions }, matchedThrough: { ...state.matchedThrough } };
}

/** A snapshot for the SandboxLedger; zero positions are left out. */
export function stateOf(working: WorkingAccount): SandboxAccountState {
  const positions: Record<string, number> = {};
  for (const [symbol, quantity] of Object.entries(working.positions)) if (quantity !== 0) positions[symbol] = quantity;
  return { cash: working.cash, positions, matchedThrough: { ...working.matchedThrough } };
}

// A fill sized at exactly all the cash (the backtest's own formula) can exceed it by a rounding.
const FUNDS_TOLERANCE = 1e-9;

/** Whether the cash left after the closing part pays for the opening part and its fee. */
export function affordable(working: WorkingAccount, split: FillSplit, price: number, feeRate: number): boolean {
  if (split.opened === 0) return true;
  const afterClose = cashAfterClose(working.cash, split.closed, price, feeFor(split.closed * price, feeRate));
  const cost = Math.abs(split.opened) * price + feeFor(split.opened * price, feeRate);
  return cost <= afterClose * (1 + FUNDS_TOLERANCE);
}

/**
 * Books a fill in `symbol` through the fill model, each part paying its fee at the exchange's rate,
 * and returns the whole fee. The exchange keeps no average price: the bot's books do.
 */
export function bookOnAccount(
  working: WorkingAccount,
  symbol: string,
  split: FillSplit,
  price: number,
  feeRate: number,
): number {
  const closeFee = split.closed === 0 ? 0 : feeFor(split.closed * price, feeRate);
  const openFee = split.opened === 0 ? 0 : feeFor(split.opened * price, feeRate);
  const after = bookSplit(
    { position: working.positions[symbol] ?? 0, avgPrice: 0, cash: working.cash },
    split,
    price,
    closeFee,
    openFee,
  );
  working.cash = after.cash;
  working.positions[symbol] = after.position;
  return closeFee + openFee;
}
