import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimAccount } from '../../../src/backtest/account.js';
import {
  bookEquity,
  bookFill,
  bookSplit,
  cashAfterClose,
  cashAfterOpen,
  entryQuantity,
  feeFor,
  marketFillPrice,
  splitFill,
  stopFillPrice,
  stopLevel,
  stopReached,
  targetFillPrice,
  targetLevel,
  targetReached,
} from '../../../src/backtest/index.js';
import { bookOnAccount, workingAccount } from '../../../src/broker/sim/working-account.js';
import type { Book, OrderSide } from '../../../src/core/index.js';
import { LONG, SHORT } from '../../../src/strategy/index.js';

const flat: Book = { position: 0, avgPrice: 0, cash: 10_000 };

describe('fill booking', () => {
  it('opens, adds to and closes a long, averaging the entries', () => {
    const opened = bookFill(flat, 'buy', { quantity: 2, price: 100, fee: 0.2 });
    expect(opened).toEqual({ position: 2, avgPrice: 100, cash: 10_000 - (2 * 100 + 0.2) });
    const added = bookFill(opened, 'buy', { quantity: 2, price: 110, fee: 0.22 });
    expect(added.position).toBe(4);
    expect(added.avgPrice).toBe((2 * 100 + 2 * 110) / 4);
    const reduced = bookFill(added, 'sell', { quantity: 1, price: 120, fee: 0.12 });
    expect(reduced).toEqual({ position: 3, avgPrice: added.avgPrice, cash: added.cash + (1 * 120 - 0.12) });
    const closed = bookFill(reduced, 'sell', { quantity: 3, price: 120, fee: 0.36 });
    expect(closed).toEqual({ position: 0, avgPrice: 0, cash: reduced.cash + (3 * 120 - 0.36) });
  });

  it('splits a fill that crosses zero into a close and an open, the fee shared by quantity', () => {
    const long = bookFill(flat, 'buy', { quantity: 1, price: 100, fee: 0.1 });
    const flipped = bookFill(long, 'sell', { quantity: 3, price: 110, fee: 0.3 });
    const closeFee = (0.3 * 1) / 3;
    const afterClose = long.cash + (1 * 110 - closeFee);
    expect(flipped).toEqual({ position: -2, avgPrice: 110, cash: afterClose - (-2 * 110 + (0.3 - closeFee)) });
    // And back: a short crossed by a buy.
    const back = bookFill(flipped, 'buy', { quantity: 5, price: 90, fee: 0.5 });
    expect(back.position).toBe(3);
    expect(back.avgPrice).toBe(90);
    expect(splitFill(-2, 'buy', 5)).toEqual({ closed: -2, opened: 3 });
    expect(splitFill(2, 'buy', 5)).toEqual({ closed: 0, opened: 5 });
    expect(splitFill(2, 'sell', 1)).toEqual({ closed: 1, opened: -0 });
  });

  it('takes a base-asset fee out of the position and the rest of the fee out of cash', () => {
    const bought = bookFill(flat, 'buy', { quantity: 2, price: 100, fee: 0.2, baseFee: 0.002 });
    expect(bought.position).toBe(2 - 0.002);
    expect(bought.cash).toBe(10_000 - (2 * 100 + (0.2 - 0.002 * 100)));
    expect(bought.avgPrice).toBe(100);
  });

  it('books a crossing fill on an exchange account exactly as a close and then an open', () => {
    const feeRate = 0.001;
    const once = workingAccount({ cash: 1_000, positions: { X: 1.5 }, matchedThrough: {} });
    const fee = bookOnAccount(once, 'X', splitFill(1.5, 'sell', 4), 101.3, feeRate);
    const twice = workingAccount({ cash: 1_000, positions: { X: 1.5 }, matchedThrough: {} });
    const closeFee = bookOnAccount(twice, 'X', splitFill(1.5, 'sell', 1.5), 101.3, feeRate);
    const openFee = bookOnAccount(twice, 'X', splitFill(0, 'sell', 2.5), 101.3, feeRate);
    expect(once.cash).toBe(twice.cash);
    expect(once.positions.X).toBe(-2.5);
    expect(twice.positions.X).toBe(-2.5);
    expect(fee).toBe(closeFee + openFee);
    expect(bookEquity({ position: -2.5, avgPrice: 101.3, cash: once.cash }, 100)).toBe(once.cash + -2.5 * 100);
  });

  it('computes cash the one way for every caller', () => {
    expect(cashAfterOpen(100, -2, 10, 0.5)).toBe(100 - (-2 * 10 + 0.5));
    expect(cashAfterClose(100, 2, 10, 0.5)).toBe(100 + (2 * 10 - 0.5));
    const book = bookSplit(flat, { closed: 0, opened: 3 }, 7, 0, 0.021);
    expect(book.cash).toBe(cashAfterOpen(flat.cash, 3, 7, 0.021));
  });
});

describe('entry sizing and protective levels', () => {
  it('sizes a fraction of the cash net of the fee, and nothing from negative cash', () => {
    expect(entryQuantity(1_000, 0.5, 1, 100, 0.001)).toBe((1_000 * 0.5 * 1) / (100 * 1.001));
    expect(entryQuantity(-5, 1, 1, 100, 0.001)).toBe(0);
  });

  it('prices stops and targets from the entry, and fills them against a bar', () => {
    expect(stopLevel(100, true, 0.05)).toBe(100 * (1 - 0.05));
    expect(stopLevel(100, false, 0.05)).toBe(100 * (1 + 0.05));
    expect(targetLevel(100, true, 0.1)).toBe(100 * (1 + 0.1));
    expect(targetLevel(100, false, 0.1)).toBe(100 * (1 - 0.1));
    // A long's stop at 95: reached by a low of 94, filled at the stop with slippage; a gap below
    // it fills at the open.
    expect(stopReached(95, true, 99, 94)).toBe(true);
    expect(stopReached(95, true, 99, 96)).toBe(false);
    expect(stopFillPrice(95, true, 97, 0.001)).toBe(marketFillPrice(95, false, 0.001));
    expect(stopFillPrice(95, true, 90, 0.001)).toBe(marketFillPrice(90, false, 0.001));
    // A short's target at 90: reached by a low of 89, filled at its price or a better open.
    expect(targetReached(90, false, 95, 89)).toBe(true);
    expect(targetFillPrice(90, false, 93)).toBe(90);
    expect(targetFillPrice(90, false, 85)).toBe(85);
    // No stop-loss configured: a NaN level is never reached.
    expect(stopReached(stopLevel(100, true, Number.NaN), true, 1e9, 0)).toBe(false);
    expect(targetReached(targetLevel(100, false, Number.NaN), false, 1e9, 0)).toBe(false);
  });
});

/** One round trip the property drives through SimAccount and through the fill model. */
interface Trip {
  readonly long: boolean;
  readonly size: number;
  readonly entry: number;
  readonly exit: number;
  readonly range: number;
}

const tripArb = fc.record({
  long: fc.boolean(),
  size: fc.double({ min: 0.05, max: 1, noNaN: true }),
  entry: fc.double({ min: 1, max: 1_000, noNaN: true }),
  exit: fc.double({ min: 0.5, max: 1_500, noNaN: true }),
  range: fc.double({ min: 0, max: 0.2, noNaN: true }),
});

describe('SimAccount and the fill model', () => {
  it('agree to the bit on sizing, cash and stop/target exits over random round trips', () => {
    fc.assert(
      fc.property(
        fc.array(tripArb, { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        fc.constantFrom(Number.NaN, 0.02, 0.1),
        fc.constantFrom(Number.NaN, 0.03, 0.2),
        (trips: Trip[], feeRate, slippageRate, stopLoss, takeProfit) => {
          const positionSize = 0.9;
          const account = new SimAccount(
            10_000,
            new Float64Array(2 * trips.length),
            { feeRate, slippageRate },
            {
              stopLoss,
              takeProfit,
              positionSize,
            },
          );
          let book: Book = { position: 0, avgPrice: 0, cash: 10_000 };
          for (const [k, trip] of trips.entries()) {
            account.enter(trip.long ? LONG : SHORT, trip.size, trip.entry, 2 * k, 'entry');
            const entrySide: OrderSide = trip.long ? 'buy' : 'sell';
            const price = marketFillPrice(trip.entry, trip.long, slippageRate);
            const units = entryQuantity(book.cash, positionSize, trip.size, price, feeRate);
            if (!(units > 0)) {
              expect(account.quantity).toBe(0);
              continue;
            }
            book = bookFill(book, entrySide, { quantity: units, price, fee: feeFor(units * price, feeRate) });
            expect(account.quantity).toBe(book.position);
            expect(account.cash).toBe(book.cash);
            expect(book.avgPrice).toBe(price);
            expect(account.stopPrice).toBe(stopLevel(book.avgPrice, trip.long, stopLoss));
            expect(account.targetPrice).toBe(targetLevel(book.avgPrice, trip.long, takeProfit));

            // The exit bar: the stop, else the target, else a market exit at its open.
            const open = trip.exit;
            const high = open * (1 + trip.range);
            const low = open * (1 - trip.range);
            account.checkExits(open, high, low, 2 * k + 1);
            let exitPrice: number;
            if (stopReached(account.stopPrice, trip.long, high, low))
              exitPrice = stopFillPrice(account.stopPrice, trip.long, open, slippageRate);
            else if (targetReached(account.targetPrice, trip.long, high, low))
              exitPrice = targetFillPrice(account.targetPrice, trip.long, open);
            else {
              account.exitAtMarket(open, 2 * k + 1);
              exitPrice = marketFillPrice(open, !trip.long, slippageRate);
            }
            const exitSide: OrderSide = trip.long ? 'sell' : 'buy';
            book = bookFill(book, exitSide, {
              quantity: units,
              price: exitPrice,
              fee: feeFor(units * exitPrice, feeRate),
            });
            expect(account.quantity).toBe(0);
            expect(book.position).toBe(0);
            expect(account.cash).toBe(book.cash);
            expect(account.trades.at(-1)?.exitPrice).toBe(exitPrice);
          }
        },
      ),
      { seed: 20261205, numRuns: 300 },
    );
  });
});
