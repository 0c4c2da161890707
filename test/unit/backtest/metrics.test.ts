import { describe, expect, it } from 'vitest';
import { compositeScore, computeMetrics, type Metrics, type Trade } from '../../../src/backtest/index.js';

const trade = (pnl: number, returnPct: number): Trade => ({
  side: 'long',
  entryIndex: 0,
  entryTime: 0,
  entryPrice: 1,
  exitIndex: 1,
  exitTime: 1,
  exitPrice: 1,
  quantity: 1,
  fees: 0,
  pnl,
  returnPct,
  exitReason: 'signal',
  entrySignal: 'x',
});

describe('computeMetrics', () => {
  it('matches hand-computed values on a four-bar curve', () => {
    // Returns: 0.1, -0.1, 0.1, 0 from 100 -> 110 -> 99 -> 108.9 -> 108.9.
    const equity = Float64Array.from([110, 99, 108.9, 108.9]);
    const m = computeMetrics({ equity, initialCash: 100, trades: [], barsInPosition: 3, barsPerYear: 4 });
    const returns = [0.1, -0.1, 0.1, 0];
    const mean = 0.025;
    const sampleStd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / 3);
    expect(m.totalReturn).toBeCloseTo(0.089, 12);
    // Four bars at four bars a year is one year: CAGR equals the total return.
    expect(m.cagr).toBeCloseTo(0.089, 12);
    expect(m.sharpe).toBeCloseTo((mean / sampleStd) * 2, 12);
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(0.01 / 4)) * 2, 12);
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.calmar).toBeCloseTo(0.89, 10);
    expect(m.exposure).toBe(0.75);
  });

  it('computes trade statistics', () => {
    const equity = Float64Array.from([100, 100]);
    const trades = [trade(30, 0.3), trade(-10, -0.1), trade(20, 0.2), trade(-5, -0.05)];
    const m = computeMetrics({ equity, initialCash: 100, trades, barsInPosition: 0, barsPerYear: 365 });
    expect(m.trades).toBe(4);
    expect(m.winRate).toBe(0.5);
    expect(m.profitFactor).toBeCloseTo(50 / 15, 12);
    expect(m.avgTrade).toBeCloseTo(0.0875, 12);
  });

  it('gives null profit factor without losers and zeros without trades or moves', () => {
    const flat = computeMetrics({
      equity: Float64Array.from([100, 100, 100]),
      initialCash: 100,
      trades: [],
      barsInPosition: 0,
      barsPerYear: 365,
    });
    expect(flat).toMatchObject({
      sharpe: 0,
      sortino: 0,
      maxDrawdown: 0,
      calmar: 0,
      winRate: 0,
      trades: 0,
      profitFactor: null,
    });
    const winners = computeMetrics({
      equity: Float64Array.from([100, 110]),
      initialCash: 100,
      trades: [trade(10, 0.1)],
      barsInPosition: 1,
      barsPerYear: 365,
    });
    expect(winners.profitFactor).toBeNull();
  });

  it('reports a total loss as CAGR -1', () => {
    const m = computeMetrics({
      equity: Float64Array.from([50, 0]),
      initialCash: 100,
      trades: [],
      barsInPosition: 2,
      barsPerYear: 365,
    });
    expect(m.cagr).toBe(-1);
    expect(m.maxDrawdown).toBe(1);
  });
});

describe('compositeScore', () => {
  const base = { sharpe: 1.5, trades: 40, maxDrawdown: 0.1 } as Metrics;
  it('is the Sharpe ratio when there are enough trades and the drawdown is moderate', () => {
    expect(compositeScore(base)).toBe(1.5);
  });
  it('punishes too few trades, most of all none', () => {
    expect(compositeScore({ ...base, trades: 10 })).toBeCloseTo(1.5 - 2 * 0.5, 12);
    expect(compositeScore({ ...base, sharpe: 0, trades: 0 })).toBe(-2);
    expect(compositeScore({ ...base, trades: 10 }, { minTrades: 5 })).toBe(1.5);
  });
  it('punishes deep drawdowns', () => {
    expect(compositeScore({ ...base, maxDrawdown: 0.45 })).toBeCloseTo(1.5 - 4 * 0.25, 12);
    expect(compositeScore({ ...base, maxDrawdown: 0.45 })).toBeLessThan(compositeScore(base));
  });
});
