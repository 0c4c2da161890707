import type { Book, OrderSide } from '../../core/index.js';
import { marketFillPrice } from './costs.js';

/**
 * The one fill model of fleet: what a fill does to cash, position and average price, how big an
 * entry is, and where a stop-loss or take-profit sits and fills. The backtest's SimAccount, the
 * simulated exchanges and the runner's own books all call these functions, so a runner replaying
 * history lands on the backtest's numbers to the bit. The float operations (and their order) are
 * the contract: change one and every clock changes with it.
 *
 * The functions that the backtest calls on every bar take numbers and return numbers, so V8
 * inlines them into the bar loop without allocating.
 */

// ---------------------------------------------------------------------------------------------
// Booking

/** Cash after a fill opens or adds `opened` signed units (> 0 buying) at `price`, paying `fee`. */
export function cashAfterOpen(cash: number, opened: number, price: number, fee: number): number {
  return cash - (opened * price + fee);
}

/** Cash after a fill closes `closed` signed units of the position (> 0: selling a long) at `price`, paying `fee`. */
export function cashAfterClose(cash: number, closed: number, price: number, fee: number): number {
  return cash + (closed * price - fee);
}

/** How a fill splits into closing the current position and opening (or growing) one. */
export interface FillSplit {
  /** Signed position units closed: > 0 when a sell reduces a long. */
  readonly closed: number;
  /** Signed units opened or added: > 0 for a buy. */
  readonly opened: number;
}

export function splitFill(position: number, side: OrderSide, quantity: number): FillSplit {
  const closing = Math.min(quantity, reducible(position, side));
  const opening = quantity - closing;
  return {
    closed: position > 0 ? closing : -closing,
    opened: side === 'buy' ? opening : -opening,
  };
}

/** Units an order on `side` can close: the whole position when it trades against it, else 0. */
export function reducible(position: number, side: OrderSide): number {
  return (side === 'buy' ? position < 0 : position > 0) ? Math.abs(position) : 0;
}

/**
 * The book after a fill split as `split`, at `price`, paying `closeFee` on the closing part and
 * `openFee` on the opening part: the close first, then the open, as the backtest exits before it
 * enters. A position opened from flat averages at its fill price exactly (q * p / q can be off by
 * one bit); a closed one averages 0.
 */
export function bookSplit(book: Book, split: FillSplit, price: number, closeFee: number, openFee: number): Book {
  let { position, avgPrice, cash } = book;
  if (split.closed !== 0) {
    cash = cashAfterClose(cash, split.closed, price, closeFee);
    position = split.closed === position ? 0 : position - split.closed;
    if (position === 0) avgPrice = 0;
  }
  if (split.opened !== 0) {
    const next = position + split.opened;
    avgPrice =
      position === 0 ? price : (Math.abs(position) * avgPrice + Math.abs(split.opened) * price) / Math.abs(next);
    cash = cashAfterOpen(cash, split.opened, price, openFee);
    position = next;
  }
  return { position, avgPrice, cash };
}

/** What the books need of one fill (a BrokerFill is one). */
export interface FillTerms {
  readonly quantity: number;
  readonly price: number;
  /** The whole fee's value in the quote currency. */
  readonly fee: number;
  /** The part of the fee paid in the base asset, in base units (BrokerFill.baseFee). */
  readonly baseFee?: number;
}

/**
 * The book after one fill a broker reported, its fee given. A fill that crosses zero closes the
 * position and opens the rest the other way, the fee shared by quantity. A fee paid partly in the
 * base asset leaves the quote side paying only the rest, and the position that much smaller than
 * the quantity traded (as the exchange's balance is).
 */
export function bookFill(book: Book, side: OrderSide, fill: FillTerms): Book {
  const baseFee = fill.baseFee ?? 0;
  const quoteFee = baseFee > 0 ? fill.fee - baseFee * fill.price : fill.fee;
  const split = splitFill(book.position, side, fill.quantity);
  const closing = Math.abs(split.closed);
  const closeFee = split.opened === 0 ? quoteFee : closing === 0 ? 0 : (quoteFee * closing) / fill.quantity;
  const next = bookSplit(book, split, fill.price, closeFee, quoteFee - closeFee);
  return baseFee > 0 ? { ...next, position: next.position - baseFee } : next;
}

/** The book's value at `price`: cash plus the position marked to it. */
export const bookEquity = (book: Book, price: number): number => book.cash + book.position * price;

// ---------------------------------------------------------------------------------------------
// Entry sizing

/**
 * Units an entry buys or sells at `price`: `size` of the strategy's position size, as a fraction
 * of the cash (none when the cash is negative), net of the fee.
 */
export function entryQuantity(
  cash: number,
  positionSize: number,
  size: number,
  price: number,
  feeRate: number,
): number {
  const notional = Math.max(0, cash) * positionSize * size;
  return notional / (price * (1 + feeRate));
}

// ---------------------------------------------------------------------------------------------
// Protective levels. `long`: the position protected is long (the protective order sells). A NaN
// stop-loss or take-profit gives a NaN level, which no bar ever reaches.

/** The stop-loss price `stopLoss` (a fraction) away from the entry price, against the position. */
export function stopLevel(entryPrice: number, long: boolean, stopLoss: number): number {
  return entryPrice * (long ? 1 - stopLoss : 1 + stopLoss);
}

/** The take-profit price `takeProfit` (a fraction) away from the entry price, in the position's favour. */
export function targetLevel(entryPrice: number, long: boolean, takeProfit: number): number {
  return entryPrice * (long ? 1 + takeProfit : 1 - takeProfit);
}

/** Whether a bar (or a last price, as high = low) reaches the stop. */
export function stopReached(stop: number, long: boolean, high: number, low: number): boolean {
  return long ? low <= stop : high >= stop;
}

/** Whether a bar (or a last price, as high = low) reaches the target. */
export function targetReached(target: number, long: boolean, high: number, low: number): boolean {
  return long ? high >= target : low <= target;
}

/** A reached stop becomes a market order: it fills at the stop, or at a worse open, with slippage. */
export function stopFillPrice(stop: number, long: boolean, open: number, slippageRate: number): number {
  return long
    ? marketFillPrice(Math.min(open, stop), false, slippageRate)
    : marketFillPrice(Math.max(open, stop), true, slippageRate);
}

/** A reached target is a resting limit: it fills at its price, or at a better open, without slippage. */
export function targetFillPrice(target: number, long: boolean, open: number): number {
  return long ? Math.max(open, target) : Math.min(open, target);
}
