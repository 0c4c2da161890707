import type { BrokerPosition, OrderReport } from '../core/index.js';

export type MismatchKind =
  | 'extra_position'
  | 'missing_position'
  | 'quantity_drift'
  | 'unknown_open_order'
  | 'cash_drift';

export interface Mismatch {
  readonly kind: MismatchKind;
  readonly message: string;
}

export interface LedgerView {
  readonly symbol: string;
  /** The bot's signed position. */
  readonly position: number;
  /** Client order ids the bot believes are resting at the broker. */
  readonly openOrderIds: ReadonlySet<string>;
  /** The bot's cash, compared only when the broker account is the bot's alone. */
  readonly cash?: number;
  /**
   * The market's smallest order quantity (Broker.minimumQuantity). A position difference below it
   * is dust no order of the bot's could have made (an exit cut down to whole lot steps, a fee
   * taken in the base asset), not a wrong picture of the account.
   */
  readonly dust?: number;
  /**
   * Signed units of `position` the broker reported filled but has not listed as trades yet. What
   * fee it took from them in the base asset is unknown until it does (a fee in the base asset
   * always leaves the account with less of it, buy or sell), so the broker may hold up to that fee
   * (at most MAX_FEE_RATE of them) less than `position`.
   */
  readonly unlisted?: number;
}

export interface BrokerView {
  readonly positions: readonly BrokerPosition[];
  readonly openOrders: readonly OrderReport[];
  /** Quote-currency balance, when `cash` is compared. */
  readonly cash?: number;
}

/** Relative difference tolerated between two records of one quantity (float noise, not drift). */
const TOLERANCE = 1e-9;

/** No exchange takes more than this fraction of a fill as its fee. */
const MAX_FEE_RATE = 0.01;

/** `x` lies between `a` and `b` (either order, float noise allowed); never when a equals b. */
function within(x: number, a: number, b: number): boolean {
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  return a !== b && (x >= low || !differ(x, low)) && (x <= high || !differ(x, high));
}

const differ = (a: number, b: number): boolean => Math.abs(a - b) > TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Compares the bot's ledger with the broker's own record, after the bot has caught up with every
 * fill the broker reported. Anything left is a mismatch: the bot's picture of the account is
 * wrong, and it must not trade on it. An empty list means the two agree.
 */
export function reconcile(ledger: LedgerView, broker: BrokerView): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const held = broker.positions.find((p) => p.symbol === ledger.symbol)?.quantity ?? 0;
  const dust = ledger.dust ?? 0;
  if (dust > 0 && Math.abs(ledger.position - held) < dust) {
    // Within dust of each other: the same position, as far as any order can tell.
  } else if (within(held, ledger.position - MAX_FEE_RATE * Math.abs(ledger.unlisted ?? 0), ledger.position)) {
    // Between the booked position and the reported one: the unlisted trades' fees will tell.
  } else if (ledger.position === 0 && held !== 0) {
    mismatches.push({
      kind: 'extra_position',
      message: `broker holds ${held} ${ledger.symbol} that the bot's ledger does not know of`,
    });
  } else if (ledger.position !== 0 && held === 0) {
    mismatches.push({
      kind: 'missing_position',
      message: `the ledger holds ${ledger.position} ${ledger.symbol} but the broker holds none`,
    });
  } else if (differ(ledger.position, held)) {
    mismatches.push({
      kind: 'quantity_drift',
      message: `position in ${ledger.symbol}: ledger ${ledger.position}, broker ${held}`,
    });
  }
  for (const order of broker.openOrders) {
    if (order.symbol !== ledger.symbol || ledger.openOrderIds.has(order.clientOrderId)) continue;
    mismatches.push({
      kind: 'unknown_open_order',
      message: `broker has an open ${order.side} ${order.type} order ${order.clientOrderId} for ${order.quantity} ${order.symbol} the ledger does not know of`,
    });
  }
  if (ledger.cash !== undefined && broker.cash !== undefined && differ(ledger.cash, broker.cash)) {
    mismatches.push({ kind: 'cash_drift', message: `cash: ledger ${ledger.cash}, broker ${broker.cash}` });
  }
  return mismatches;
}
