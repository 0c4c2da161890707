import type { OrderSide, RoundTrip } from '../core/index.js';

export interface FillLike {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  /** The whole fee's value in the quote currency. */
  readonly fee: number;
  /** The part of the fee paid in the base asset, in base units (BrokerFill.baseFee). */
  readonly baseFee?: number;
  /**
   * The last fill of a filled order that was meant to flatten the position (LedgerFill's): what
   * is left after it is dust the exchange could not sell, not a position still open.
   */
  readonly closesPosition?: boolean;
  /** Epoch ms. */
  readonly time: number;
}

/** The trip being paired: its entries so far and its exits so far. */
interface OpenTrip {
  entryTime: number;
  entryCost: number;
  entryQuantity: number;
  entryFills: number;
  // With one fill a side, its own price (q * p / q can be one bit off).
  firstEntryPrice: number;
  exitValue: number;
  exitQuantity: number;
  exitFills: number;
  firstExitPrice: number;
  fees: number;
}

/**
 * Pairs a bot's fills, oldest first, into closed round trips (flat → position → flat), the shape
 * the backtest reports its trades in. Partial fills on either side are averaged by quantity; a
 * position still open at the end is not a round trip.
 *
 * Live spot fills need two more things. A fee paid in the base asset shrinks what a fill adds to
 * the position, as it shrank the account's balance: a buy of q is closed by the sell of q less its
 * fee, and the P&L is what the trip did to cash. And an exit sells only whole lot steps, so a
 * `closesPosition` fill ends the trip with dust left over: the trip counts what was sold, and the
 * dust, at its entry price, joins the next trip on its side (on the other side it is ignored).
 */
export function roundTrips(fills: readonly FillLike[]): RoundTrip[] {
  const trips: RoundTrip[] = [];
  let position = 0;
  let trip: OpenTrip | undefined;
  let dustPrice = 0;
  for (const fill of fills) {
    const quantity = heldQuantity(fill);
    const signed = fill.side === 'buy' ? quantity : -quantity;
    if (position === 0) trip = undefined;
    if (trip === undefined || Math.sign(position) === Math.sign(signed)) {
      if (trip === undefined) {
        if (Math.sign(position) !== Math.sign(signed)) position = 0;
        trip = openTrip(fill, Math.abs(position), dustPrice);
      }
      if (trip.entryFills++ === 0) trip.firstEntryPrice = fill.price;
      trip.entryCost += quantity * fill.price;
      trip.entryQuantity += quantity;
      trip.fees += fill.fee;
      position += signed;
      continue;
    }
    if (trip.exitFills++ === 0) trip.firstExitPrice = fill.price;
    trip.exitValue += quantity * fill.price;
    trip.exitQuantity += quantity;
    trip.fees += fill.fee;
    const before = position;
    position += signed;
    const flat = Math.abs(position) <= 1e-12 * Math.max(1, trip.entryQuantity);
    if (!flat && !fill.closesPosition) continue;
    const dust = flat || Math.sign(position) !== Math.sign(before) ? 0 : position;
    const closed = closeTrip(trip, before > 0, fill.time, Math.abs(dust));
    trips.push(closed);
    dustPrice = closed.entryPrice;
    position = dust;
    trip = undefined;
  }
  return trips;
}

/** A trip about to take its first entry fill, holding `dust` base units carried from the last one. */
function openTrip(fill: FillLike, dust: number, dustPrice: number): OpenTrip {
  return {
    entryTime: fill.time,
    entryCost: dust * dustPrice,
    entryQuantity: dust,
    // Dust counts as an entry fill of its own, so the entry price is the quantity-weighted average.
    entryFills: dust > 0 ? 1 : 0,
    firstEntryPrice: 0,
    exitValue: 0,
    exitQuantity: 0,
    exitFills: 0,
    firstExitPrice: 0,
    fees: 0,
  };
}

/** The round trip `trip` makes, closed by a fill at `exitTime`, `dust` base units left unsold. */
function closeTrip(trip: OpenTrip, long: boolean, exitTime: number, dust: number): RoundTrip {
  const entryPrice = trip.entryFills === 1 ? trip.firstEntryPrice : trip.entryCost / trip.entryQuantity;
  const exitPrice = trip.exitFills === 1 ? trip.firstExitPrice : trip.exitValue / trip.exitQuantity;
  // Without dust, the entries' own sums: the backtest's trades to the bit.
  const quantity = dust === 0 ? trip.entryQuantity : trip.entryQuantity - dust;
  const cost = dust === 0 ? trip.entryCost : quantity * entryPrice;
  return {
    side: long ? 'long' : 'short',
    entryTime: trip.entryTime,
    entryPrice,
    exitTime,
    exitPrice,
    quantity,
    fees: trip.fees,
    pnl: (long ? 1 : -1) * (trip.exitValue - cost) - trip.fees,
  };
}

/**
 * The base units a fill moves the position by, as the account sees it: a buy receives its quantity
 * less the base fee, a sell gives up its quantity plus the base fee. Valuing that at the fill
 * price and charging the whole quote fee gives exactly the fill's effect on cash.
 */
function heldQuantity(fill: FillLike): number {
  const baseFee = fill.baseFee ?? 0;
  return fill.side === 'buy' ? fill.quantity - baseFee : fill.quantity + baseFee;
}
