import { describe, expect, it } from 'vitest';
import { shareQuantity, tickPrice } from '../../../src/broker/index.js';
import { decimalString } from '../../../src/exchange/alpaca/alpaca-orders.js';

describe('what an Alpaca order may carry', () => {
  it('quantities are cut down to whole shares, or to 1e-9 of a share for fractionable assets', () => {
    expect(shareQuantity(2.999, false)).toBe(2);
    expect(shareQuantity(3 - 1e-12, false)).toBe(3); // float noise of a whole number stays whole
    expect(shareQuantity(0.7, false)).toBe(0);
    expect(shareQuantity(0.3, true)).toBe(0.3);
    expect(shareQuantity(1.1234567899, true)).toBe(1.123456789);
    expect(shareQuantity(4e-10, true)).toBe(0);
    expect(shareQuantity(Number.NaN, true)).toBe(0);
  });

  it("limit prices land on Alpaca's tick, never worse than asked", () => {
    expect(tickPrice(141.739, 'buy')).toBe(141.73);
    expect(tickPrice(141.731, 'sell')).toBe(141.74);
    expect(tickPrice(141.73, 'buy')).toBe(141.73);
    expect(tickPrice(141.73, 'sell')).toBe(141.73);
    expect(tickPrice(0.123456, 'buy')).toBe(0.1234);
    expect(tickPrice(0.123456, 'sell')).toBe(0.1235);
  });

  it('numbers go as plain decimals, never in exponent notation', () => {
    expect(decimalString(2)).toBe('2');
    expect(decimalString(10)).toBe('10');
    expect(decimalString(1e-7)).toBe('0.0000001');
    expect(decimalString(0.123456789)).toBe('0.123456789');
    expect(decimalString(141.5)).toBe('141.5');
  });
});
