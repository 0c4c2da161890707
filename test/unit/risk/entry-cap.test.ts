import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capEntryQuantity, checkOrder, DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../src/risk/index.js';
import { context, intent } from './fixtures.js';

const limits = (over: Partial<RiskLimits>): RiskLimits => ({ ...DEFAULT_RISK_LIMITS, ...over });

describe('capEntryQuantity', () => {
  it('leaves an entry inside both caps alone', () => {
    expect(capEntryQuantity(2, 100, 'buy', 0, limits({ maxOrderValue: 500, maxPositionValue: 500 }))).toBe(2);
    expect(capEntryQuantity(2, 100, 'buy', 0, DEFAULT_RISK_LIMITS)).toBe(2);
  });

  it('cuts an entry to max_order_value', () => {
    expect(capEntryQuantity(10, 100, 'buy', 0, limits({ maxOrderValue: 250 }))).toBe(2.5);
    expect(capEntryQuantity(10, 100, 'sell', 0, limits({ maxOrderValue: 250 }))).toBe(2.5);
  });

  it('cuts an entry to the room max_position_value leaves beside the position', () => {
    // Long 1 at 100: 300 of room is 3 units less the 1 held.
    expect(capEntryQuantity(10, 100, 'buy', 1, limits({ maxPositionValue: 300 }))).toBe(2);
    // A sell against a long of 1 goes through zero first: 1 + 3 units.
    expect(capEntryQuantity(10, 100, 'sell', 1, limits({ maxPositionValue: 300 }))).toBe(4);
    // The tighter cap wins.
    expect(capEntryQuantity(10, 100, 'buy', 0, limits({ maxOrderValue: 150, maxPositionValue: 300 }))).toBe(1.5);
  });

  it('gives 0 when the position already fills max_position_value', () => {
    expect(capEntryQuantity(1, 100, 'buy', 4, limits({ maxPositionValue: 300 }))).toBe(0);
    expect(capEntryQuantity(1, 100, 'sell', -3, limits({ maxPositionValue: 300 }))).toBe(0);
  });

  it('hands an invalid quantity or price back for the rails to refuse', () => {
    expect(capEntryQuantity(Number.NaN, 100, 'buy', 0, limits({ maxOrderValue: 1 }))).toBeNaN();
    expect(capEntryQuantity(5, 0, 'buy', 0, limits({ maxOrderValue: 1 }))).toBe(5);
    expect(capEntryQuantity(-1, 100, 'buy', 0, limits({ maxOrderValue: 1 }))).toBe(-1);
  });

  it('always gives a quantity the two value rails pass, never more than asked, never less than needed', () => {
    const positive = fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        positive,
        positive,
        positive,
        positive,
        fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
        (quantity, price, maxOrderValue, maxPositionValue, position, side) => {
          const rails = limits({ maxOrderValue, maxPositionValue });
          const capped = capEntryQuantity(quantity, price, side, position, rails);
          expect(capped).toBeGreaterThanOrEqual(0);
          expect(capped).toBeLessThanOrEqual(quantity);
          if (capped === 0) return;
          const verdict = checkOrder(
            intent({ side, quantity: capped, price }),
            context({ position, lastPrice: price }),
            rails,
          );
          expect(verdict).toEqual({ ok: true });
          // Cut only as far as a cap required: a little more would break one of them.
          if (capped < quantity) {
            const more = capped + Math.max(capped, Math.abs(position)) * 1e-9;
            const signed = side === 'buy' ? more : -more;
            expect(more * price > maxOrderValue || Math.abs(position + signed) * price > maxPositionValue).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
