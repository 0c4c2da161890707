import type { BrokerFill, OrderSide } from '../core/index.js';

/** A bot's own books between fills: signed position, its average entry price, and cash. */
export interface Book {
  readonly position: number;
  readonly avgPrice: number;
  readonly cash: number;
}

/**
 * The book after one fill. The arithmetic is the backtest's (src/backtest/account.ts), operation
 * for operation: opening spends `quantity * price + fee`, closing receives `closed * price - fee`,
 * so a runner replaying history lands on the backtest's cash to the last bit. A fill that crosses
 * zero is split into a close and an open, the fee shared by quantity.
 */
export function applyFillToBook(book: Book, side: OrderSide, fill: BrokerFill): Book {
  const baseFee = fill.baseFee ?? 0;
  if (!(baseFee > 0)) return applyQuoteFill(book, side, fill);
  // Part of the fee came out of the base asset: the quote side paid only the rest, and the
  // position ends that much smaller than the quantity traded (as the exchange's balance does).
  const next = applyQuoteFill(book, side, { ...fill, fee: fill.fee - baseFee * fill.price });
  return { ...next, position: next.position - baseFee };
}

function applyQuoteFill(book: Book, side: OrderSide, fill: BrokerFill): Book {
  const signed = side === 'buy' ? fill.quantity : -fill.quantity;
  const { position, avgPrice, cash } = book;
  if (position === 0 || Math.sign(position) === Math.sign(signed)) {
    const next = position + signed;
    // A fresh position's average is its fill price exactly (q * p / q can be off by one bit).
    const avg =
      position === 0 ? fill.price : (Math.abs(position) * avgPrice + fill.quantity * fill.price) / Math.abs(next);
    return { position: next, avgPrice: avg, cash: cash - (signed * fill.price + fill.fee) };
  }
  const closing = Math.min(fill.quantity, Math.abs(position));
  if (closing === fill.quantity) {
    const closed = -signed;
    const next = position + signed;
    return { position: next, avgPrice: next === 0 ? 0 : avgPrice, cash: cash + (closed * fill.price - fill.fee) };
  }
  const closeFee = (fill.fee * closing) / fill.quantity;
  const afterClose = cash + (position * fill.price - closeFee);
  const opened = signed + position;
  return {
    position: opened,
    avgPrice: fill.price,
    cash: afterClose - (opened * fill.price + (fill.fee - closeFee)),
  };
}

export const bookEquity = (book: Book, price: number): number => book.cash + book.position * price;
