import { describe, expect, it } from 'vitest';
import { orderStatus, toOrderReport } from '../../../src/broker/ccxt/index.js';
import type { ExchangeOrder } from '../../../src/exchange/index.js';

const base: ExchangeOrder = {
  id: '42',
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  status: 'open',
  amount: 1,
  price: 100,
  filled: 0,
  fees: [],
  updatedAt: 1_700_000_000_000,
};

describe('toOrderReport', () => {
  it('maps ccxt statuses, telling a partly filled open order apart', () => {
    const status = (o: Partial<ExchangeOrder>) => orderStatus({ ...base, ...o });
    expect(status({})).toBe('open');
    expect(status({ filled: 0.3 })).toBe('partially_filled');
    expect(status({ status: 'closed', filled: 1 })).toBe('filled');
    expect(status({ status: 'canceled', filled: 0.3 })).toBe('cancelled');
    expect(status({ status: 'expired' })).toBe('expired');
    expect(status({ status: 'rejected' })).toBe('rejected');
    expect(status({ status: 'canceling', filled: 0.2 })).toBe('partially_filled');
    expect(status({ status: undefined, filled: 1 })).toBe('filled');
  });

  it('without a trade list, a partly filled open order has no fills yet: only filledQuantity grows', () => {
    const report = toOrderReport({ ...base, filled: 0.3, average: 99, fees: [{ cost: 0.03, currency: 'USDT' }] }, 'c1');
    expect(report).toMatchObject({ status: 'partially_filled', filledQuantity: 0.3, averagePrice: 99, fills: [] });
    expect(report.fee).toBeCloseTo(0.03, 12);
  });

  it('without a trade list, an ended order has one summary fill that cannot change any more', () => {
    const report = toOrderReport(
      { ...base, status: 'canceled', filled: 0.6, average: 98, fees: [{ cost: 0.0006, currency: 'BTC' }] },
      'c1',
    );
    expect(report.status).toBe('cancelled');
    expect(report.fills).toEqual([
      { id: 'c1-summary', quantity: 0.6, price: 98, fee: report.fee, baseFee: 0.0006, time: base.updatedAt },
    ]);
    expect(report.fee).toBeCloseTo(0.0006 * 98, 12); // a base-asset fee in quote at the average price
  });

  it('with trades: one fill per trade id, fees in quote, a third-asset fee left out', () => {
    const report = toOrderReport(
      {
        ...base,
        filled: 0.5,
        trades: [
          { id: '7', amount: 0.2, price: 100, fees: [{ cost: 0.0002, currency: 'BTC' }], timestamp: 1 },
          { id: '9', amount: 0.3, price: 101, fees: [{ cost: 0.01, currency: 'BNB' }], timestamp: 2 },
        ],
      },
      'c1',
    );
    // The account received 0.0002 BTC less on the first trade: the ledger needs to know.
    expect(report.fills.map((f) => f.baseFee)).toEqual([0.0002, undefined]);
    expect(report.fills.map((f) => [f.id, f.quantity, f.price, f.time])).toEqual([
      ['7', 0.2, 100, 1],
      ['9', 0.3, 101, 2],
    ]);
    expect(report.fills[0].fee).toBeCloseTo(0.02, 12);
    expect(report.fills[1].fee).toBe(0);
    expect(report.averagePrice).toBeCloseTo((0.2 * 100 + 0.3 * 101) / 0.5, 12);
  });
});
