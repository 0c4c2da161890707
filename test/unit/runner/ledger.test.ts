import { describe, expect, it } from 'vitest';
import { type Book, bookFill, roundTrips } from '../../../src/runner/index.js';

const flat: Book = { position: 0, avgPrice: 0, cash: 1000 };
const fill = (quantity: number, price: number, fee: number, extra: Record<string, number> = {}) => ({
  id: `f${quantity}-${price}`,
  quantity,
  price,
  fee,
  time: 0,
  ...extra,
});

describe('the bot book', () => {
  it('opens, adds to and closes a long with the backtest’s cash arithmetic', () => {
    const opened = bookFill(flat, 'buy', fill(2, 100, 0.2));
    expect(opened).toEqual({ position: 2, avgPrice: 100, cash: 1000 - (2 * 100 + 0.2) });
    const added = bookFill(opened, 'buy', fill(2, 110, 0.22));
    expect(added.position).toBe(4);
    expect(added.avgPrice).toBeCloseTo(105, 12);
    const closed = bookFill(added, 'sell', fill(4, 120, 0.48));
    expect(closed).toEqual({ position: 0, avgPrice: 0, cash: added.cash + (4 * 120 - 0.48) });
  });

  it('opens and covers a short', () => {
    const short = bookFill(flat, 'sell', fill(3, 50, 0.15));
    expect(short).toEqual({ position: -3, avgPrice: 50, cash: 1000 - (-3 * 50 + 0.15) });
    const covered = bookFill(short, 'buy', fill(3, 40, 0.12));
    expect(covered.position).toBe(0);
    expect(covered.cash).toBeCloseTo(1000 + 3 * (50 - 40) - 0.27, 9);
  });

  it('splits a fill that crosses zero into a close and an open, sharing the fee', () => {
    const long = bookFill(flat, 'buy', fill(1, 100, 0));
    const flipped = bookFill(long, 'sell', fill(3, 110, 0.3));
    expect(flipped.position).toBe(-2);
    expect(flipped.avgPrice).toBe(110);
    // +110 for the unit closed, +220 for the two sold short, less the whole fee.
    expect(flipped.cash).toBeCloseTo(1000 - 100 + 110 + 220 - 0.3, 9);
  });

  it('books a fee paid in the base asset as a smaller position, not as cash', () => {
    const bought = bookFill(flat, 'buy', fill(2, 100, 0.2, { baseFee: 0.002 }));
    expect(bought.position).toBeCloseTo(1.998, 12);
    expect(bought.cash).toBeCloseTo(1000 - 200, 9);
  });

  it('pairs fills into round trips as the backtest reports trades', () => {
    const trips = roundTrips([
      { side: 'buy', quantity: 1, price: 100, fee: 0.1, time: 1 },
      { side: 'buy', quantity: 1, price: 102, fee: 0.1, time: 2 },
      { side: 'sell', quantity: 2, price: 110, fee: 0.2, time: 3 },
      { side: 'sell', quantity: 1, price: 90, fee: 0.1, time: 4 },
      { side: 'buy', quantity: 1, price: 95, fee: 0.1, time: 5 },
      { side: 'buy', quantity: 1, price: 96, fee: 0, time: 6 },
    ]);
    expect(trips).toHaveLength(2);
    expect(trips[0]).toMatchObject({
      side: 'long',
      entryTime: 1,
      entryPrice: 101,
      exitTime: 3,
      exitPrice: 110,
      quantity: 2,
    });
    expect(trips[0].pnl).toBeCloseTo(2 * 110 - 202 - 0.4, 9);
    expect(trips[1]).toMatchObject({ side: 'short', entryPrice: 90, exitPrice: 95 });
    expect(trips[1].pnl).toBeCloseTo(-5 - 0.2, 9);
  });

  it('closes a round trip whose buy paid its fee in the base asset, with the P&L the book booked', () => {
    // Buy 2 at 100 with 0.1% taken in the base asset: the account holds 1.998, and that is what
    // the exit sells (at 110, its 0.1% fee in quote).
    const buy = { side: 'buy' as const, quantity: 2, price: 100, fee: 0.002 * 100, baseFee: 0.002, time: 1 };
    const sell = { side: 'sell' as const, quantity: 1.998, price: 110, fee: 1.998 * 110 * 0.001, time: 2 };
    const trips = roundTrips([buy, sell]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({
      side: 'long',
      entryTime: 1,
      entryPrice: 100,
      exitTime: 2,
      exitPrice: 110,
      quantity: 1.998,
    });
    expect(trips[0].fees).toBeCloseTo(0.2 + sell.fee, 12);
    // Exactly what the trip did to the book's cash.
    const opened = bookFill(flat, 'buy', buy);
    const closed = bookFill(opened, 'sell', sell);
    expect(closed.position).toBe(0);
    expect(trips[0].pnl).toBeCloseTo(closed.cash - flat.cash, 9);
    expect(trips[0].pnl).toBeCloseTo(1.998 * 110 - sell.fee - 2 * 100, 9);
  });

  it('counts a sell’s base-asset fee as base units given up', () => {
    const trips = roundTrips([
      { side: 'buy', quantity: 1, price: 100, fee: 0, time: 1 },
      { side: 'sell', quantity: 0.999, price: 120, fee: 0.001 * 120, baseFee: 0.001, time: 2 },
    ]);
    expect(trips).toHaveLength(1);
    expect(trips[0].quantity).toBe(1);
    expect(trips[0].pnl).toBeCloseTo(0.999 * 120 - 100, 9);
  });

  it('ends a trip at the fill that completes an exit, carrying the unsold dust into the next trip', () => {
    // Spot exits sell whole lot steps: of 0.999 held, 0.99 is sold and 0.009 stays behind.
    const fills = [
      { side: 'buy' as const, quantity: 1, price: 100, fee: 0.1, baseFee: 0.001, time: 1 },
      { side: 'sell' as const, quantity: 0.99, price: 110, fee: 0.1089, closesPosition: true, time: 2 },
      { side: 'buy' as const, quantity: 1, price: 120, fee: 0, time: 3 },
      { side: 'sell' as const, quantity: 1, price: 130, fee: 0, closesPosition: true, time: 4 },
    ];
    const trips = roundTrips(fills);
    expect(trips).toHaveLength(2);
    expect(trips[0]).toMatchObject({ entryTime: 1, entryPrice: 100, exitTime: 2, exitPrice: 110, quantity: 0.99 });
    expect(trips[0].pnl).toBeCloseTo(0.99 * (110 - 100) - 0.1 - 0.1089, 9);
    // The dust joins the second trip at the price it was bought for.
    const entryPrice = (0.009 * 100 + 120) / 1.009;
    expect(trips[1]).toMatchObject({ entryTime: 3, exitTime: 4, exitPrice: 130 });
    expect(trips[1].entryPrice).toBeCloseTo(entryPrice, 12);
    expect(trips[1].quantity).toBeCloseTo(1, 12);
    expect(trips[1].pnl).toBeCloseTo(130 - entryPrice, 9);
    // Realised P&L and the dust still held at its cost add up to what the fills did to cash.
    let book = flat;
    for (const f of fills) book = bookFill(book, f.side, f);
    expect(book.position).toBeCloseTo(0.009, 12);
    const realised = trips[0].pnl + trips[1].pnl;
    expect(realised - book.position * entryPrice).toBeCloseTo(book.cash - flat.cash, 9);
    // Without knowing the exits completed, the dust looks like a position still open: nothing closes.
    expect(roundTrips(fills.map(({ closesPosition: _, ...f }) => f))).toHaveLength(0);
  });
});
