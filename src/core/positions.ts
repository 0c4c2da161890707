/**
 * What a bot holds and what it made: the position in one symbol, the book a fill changes (that
 * position with the cash behind it), and the round trip from flat to flat. The backtest, the
 * runner, the store and the reports all speak these.
 */

/** A position in one symbol. */
export interface Position {
  /** Signed base-asset units: > 0 long, < 0 short. */
  readonly quantity: number;
  /** The average entry price; 0 when flat. */
  readonly avgPrice: number;
}

/** A bot's book between fills: its signed position, that position's average entry price, and its cash. */
export interface Book {
  readonly position: number;
  readonly avgPrice: number;
  readonly cash: number;
}

/** One round trip, flat to flat: entry to exit, with every fee of both sides in its profit. */
export interface RoundTrip {
  readonly side: 'long' | 'short';
  /** Epoch ms of the (first) entry fill. */
  readonly entryTime: number;
  /** Entry price, averaged by quantity over the entry fills. */
  readonly entryPrice: number;
  /** Epoch ms of the fill that made the position flat. */
  readonly exitTime: number;
  readonly exitPrice: number;
  /** Base-asset units held (unsigned). */
  readonly quantity: number;
  /** Every fee of the trip, in quote currency. */
  readonly fees: number;
  /** Net profit in quote currency, after all fees. */
  readonly pnl: number;
}
