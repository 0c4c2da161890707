import { describe, expect, it } from 'vitest';
import { applyFillToBook, type Book, roundTrips } from '../../../src/runner/index.js';

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
    const opened = applyFillToBook(flat, 'buy', fill(2, 100, 0.2));
    expect(opened).toEqual({ position: 2, avgPrice: 100, cash: 1000 - (2 * 100 + 0.2) });
    const added = applyFillToBook(opened, 'buy', fill(2, 110, 0.22));
    expect(added.position).toBe(4);
    expect(added.avgPrice).toBeCloseTo(105, 12);
    const closed = applyFillToBook(added, 'sell', fill(4, 120, 0.48));
    expect(closed).toEqual({ position: 0, avgPrice: 0, cash: added.cash + (4 * 120 - 0.48) });
  });

  it('opens and covers a short', () => {
    const short = applyFillToBook(flat, 'sell', fill(3, 50, 0.15));
    expect(short).toEqual({ position: -3, avgPrice: 50, cash: 1000 - (-3 * 50 + 0.15) });
    const covered = applyFillToBook(short, 'buy', fill(3, 40, 0.12));
    expect(covered.position).toBe(0);
    expect(covered.cash).toBeCloseTo(1000 + 3 * (50 - 40) - 0.27, 9);
  });

  it('splits a fill that crosses zero into a close and an open, sharing the fee', () => {
    const long = applyFillToBook(flat, 'buy', fill(1, 100, 0));
    const flipped = applyFillToBook(long, 'sell', fill(3, 110, 0.3));
    expect(flipped.position).toBe(-2);
    expect(flipped.avgPrice).toBe(110);
    // +110 for the unit closed, +220 for the two sold short, less the whole fee.
    expect(flipped.cash).toBeCloseTo(1000 - 100 + 110 + 220 - 0.3, 9);
  });

  it('books a fee paid in the base asset as a smaller position, not as cash', () => {
    const bought = applyFillToBook(flat, 'buy', fill(2, 100, 0.2, { baseFee: 0.002 }));
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
});
