import type { OrderSide } from '../core/index.js';

export interface FillLike {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly fee: number;
  /** Epoch ms. */
  readonly time: number;
}

export interface RoundTrip {
  readonly side: 'long' | 'short';
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly fees: number;
  readonly pnl: number;
}

/**
 * Pairs a bot's fills, oldest first, into closed round trips (flat → position → flat), the shape
 * the backtest reports its trades in. Partial fills on either side are averaged by quantity; a
 * position still open at the end is not a round trip.
 */
export function roundTrips(fills: readonly FillLike[]): RoundTrip[] {
  const trips: RoundTrip[] = [];
  let position = 0;
  let entryCost = 0;
  let entryQuantity = 0;
  let entryTime = 0;
  let exitValue = 0;
  let exitQuantity = 0;
  let fees = 0;
  // With one fill a side, its own price (q * p / q can be one bit off).
  let firstEntryPrice = 0;
  let entryFills = 0;
  let firstExitPrice = 0;
  let exitFills = 0;
  for (const fill of fills) {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    if (position === 0 || Math.sign(position) === Math.sign(signed)) {
      if (position === 0) {
        entryCost = 0;
        entryQuantity = 0;
        entryTime = fill.time;
        exitValue = 0;
        exitQuantity = 0;
        fees = 0;
        entryFills = 0;
        exitFills = 0;
        firstEntryPrice = fill.price;
      }
      entryFills++;
      entryCost += fill.quantity * fill.price;
      entryQuantity += fill.quantity;
      fees += fill.fee;
      position += signed;
      continue;
    }
    if (exitFills++ === 0) firstExitPrice = fill.price;
    exitValue += fill.quantity * fill.price;
    exitQuantity += fill.quantity;
    fees += fill.fee;
    position += signed;
    if (Math.abs(position) <= 1e-12 * Math.max(1, entryQuantity)) {
      const long = signed < 0;
      const entryPrice = entryFills === 1 ? firstEntryPrice : entryCost / entryQuantity;
      const exitPrice = exitFills === 1 ? firstExitPrice : exitValue / exitQuantity;
      trips.push({
        side: long ? 'long' : 'short',
        entryTime,
        entryPrice,
        exitTime: fill.time,
        exitPrice,
        quantity: entryQuantity,
        fees,
        pnl: (long ? 1 : -1) * (exitValue - entryCost) - fees,
      });
      position = 0;
    }
  }
  return trips;
}
