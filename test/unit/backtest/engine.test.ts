import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/index.js';
import { candlesFrom } from '../../helpers/candles.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

const noCosts = { feeBps: 0, slippageBps: 0 };
const flatBars = (n: number, price = 100) =>
  candlesFrom(Array.from({ length: n }, () => [price, price, price, price] as const));

describe('runBacktest: fills, costs and accounting', () => {
  it('fills a close signal at the next open with fee and slippage, by hand', () => {
    // Signal at bar 0's close; fill at bar 1's open (100) with 50 bps slippage: 100.5.
    // Fee 10 bps. Units = 10000 / (100.5 * 1.001) = 99.40109...
    const candles = candlesFrom([
      [99, 99, 99, 99],
      [100, 101, 99, 100],
      [110, 111, 109, 110],
      [120, 121, 119, 120],
    ]);
    const strategy = scriptedStrategy({ 0: 'buy', 2: 'sell' });
    const r = runBacktest(strategy, candles, { timeframe: '1h', costs: { feeBps: 10, slippageBps: 50 }, ledger: true });
    const units = 10_000 / (100.5 * 1.001);
    const entryFee = units * 100.5 * 0.001;
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    expect(t.entryIndex).toBe(1);
    expect(t.entryPrice).toBeCloseTo(100.5, 12);
    expect(t.quantity).toBeCloseTo(units, 10);
    // Exit signal at bar 2's close fills at bar 3's open 120, less 50 bps: 119.4.
    expect(t.exitIndex).toBe(3);
    expect(t.exitPrice).toBeCloseTo(119.4, 12);
    const exitFee = units * 119.4 * 0.001;
    expect(t.fees).toBeCloseTo(entryFee + exitFee, 9);
    expect(t.pnl).toBeCloseTo(units * (119.4 - 100.5) - entryFee - exitFee, 9);
    expect(r.equity[0]).toBe(10_000);
    // Bar 1: cash after buying is 10000 - units*100.5 - fee = 0 (all in), marked at close 100.
    expect(r.cash?.[1]).toBeCloseTo(0, 9);
    expect(r.equity[1]).toBeCloseTo(units * 100, 9);
    expect(r.equity[3]).toBeCloseTo(10_000 + t.pnl, 9);
    expect(r.metrics.finalEquity).toBeCloseTo(10_000 + t.pnl, 9);
    expect(r.openPosition).toBeUndefined();
  });

  it('never fills a signal given on the last bar', () => {
    const r = runBacktest(scriptedStrategy({ 2: 'buy' }), flatBars(3), { timeframe: '1h', costs: noCosts });
    expect(r.trades).toHaveLength(0);
    expect(r.openPosition).toBeUndefined();
    expect(r.metrics.exposure).toBe(0);
  });

  it('reports a position still open at the end, marked to the last close', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 130, 100, 125],
    ]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy' }), candles, { timeframe: '1h', costs: noCosts });
    expect(r.trades).toHaveLength(0);
    expect(r.openPosition?.side).toBe('long');
    expect(r.openPosition?.unrealisedPnl).toBeCloseTo(2_500, 9);
    expect(r.metrics.totalReturn).toBeCloseTo(0.25, 12);
  });

  it('shorts gain when the price falls', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [80, 80, 80, 80],
      [80, 80, 80, 80],
    ]);
    const r = runBacktest(scriptedStrategy({ 0: 'short', 1: 'cover' }), candles, { timeframe: '1h', costs: noCosts });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].side).toBe('short');
    // 100 units sold at 100, bought back at 80.
    expect(r.trades[0].pnl).toBeCloseTo(2_000, 9);
    expect(r.metrics.finalEquity).toBeCloseTo(12_000, 9);
  });

  it('reverses from long to short in one fill bar: two trades, no gap', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [110, 110, 110, 110],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy', 1: 'flip_short', 3: 'cover' }), candles, {
      timeframe: '1h',
      costs: noCosts,
    });
    expect(r.trades.map((t) => [t.side, t.entryIndex, t.exitIndex])).toEqual([
      ['long', 1, 2],
      ['short', 2, 4],
    ]);
    expect(r.trades[0].pnl).toBeCloseTo(1_000, 9);
    // 11000 of equity shorted at 110 = 100 units, covered at 100.
    expect(r.trades[1].pnl).toBeCloseTo(1_000, 9);
  });

  it('uses a fraction of equity for position_size', () => {
    const candles = flatBars(3);
    const strategy = scriptedStrategy({ 0: 'buy' }, { positionSize: 0.25 });
    const r = runBacktest(strategy, candles, { timeframe: '1h', costs: noCosts, ledger: true });
    expect(r.position?.[1]).toBeCloseTo(25, 12);
    expect(r.cash?.[1]).toBeCloseTo(7_500, 12);
  });
});

describe('runBacktest: stop-loss and take-profit inside a bar', () => {
  const entry = [
    [100, 100, 100, 100],
    [100, 100, 100, 100],
  ] as const;

  it('stops a long at the stop price when the low touches it', () => {
    const candles = candlesFrom([...entry, [99, 99.5, 94, 98]]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy' }, { stopLoss: 0.05 }), candles, {
      timeframe: '1h',
      costs: noCosts,
    });
    expect(r.trades[0].exitReason).toBe('stop_loss');
    expect(r.trades[0].exitPrice).toBeCloseTo(95, 12);
    expect(r.trades[0].exitIndex).toBe(2);
  });

  it('fills a stop at the open when the bar gaps through it', () => {
    const candles = candlesFrom([...entry, [90, 92, 89, 91]]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy' }, { stopLoss: 0.05 }), candles, {
      timeframe: '1h',
      costs: noCosts,
    });
    expect(r.trades[0].exitPrice).toBe(90);
  });

  it('takes profit at the limit when the high reaches it', () => {
    const candles = candlesFrom([...entry, [101, 111, 100, 108]]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy' }, { takeProfit: 0.1 }), candles, {
      timeframe: '1h',
      costs: noCosts,
    });
    expect(r.trades[0].exitReason).toBe('take_profit');
    expect(r.trades[0].exitPrice).toBeCloseTo(110, 12);
  });

  it('assumes the stop came first when one bar touches both', () => {
    const candles = candlesFrom([...entry, [100, 115, 90, 100]]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy' }, { stopLoss: 0.05, takeProfit: 0.1 }), candles, {
      timeframe: '1h',
      costs: noCosts,
    });
    expect(r.trades[0].exitReason).toBe('stop_loss');
  });

  it('checks the entry bar itself and applies slippage to the stop fill', () => {
    const candles = candlesFrom([
      [100, 100, 100, 100],
      [100, 100, 90, 95],
    ]);
    const r = runBacktest(scriptedStrategy({ 0: 'buy' }, { stopLoss: 0.05 }), candles, {
      timeframe: '1h',
      costs: { feeBps: 0, slippageBps: 100 },
    });
    // Entry at 101 (1% slippage), stop at 95.95, sold with 1% slippage.
    expect(r.trades[0].entryIndex).toBe(1);
    expect(r.trades[0].exitIndex).toBe(1);
    expect(r.trades[0].exitPrice).toBeCloseTo(101 * 0.95 * 0.99, 10);
  });

  it('stops a short when the high rises through the stop', () => {
    const candles = candlesFrom([...entry, [101, 106, 100, 104]]);
    const r = runBacktest(scriptedStrategy({ 0: 'short' }, { stopLoss: 0.05 }), candles, {
      timeframe: '1h',
      costs: noCosts,
    });
    expect(r.trades[0].exitReason).toBe('stop_loss');
    expect(r.trades[0].exitPrice).toBeCloseTo(105, 12);
    expect(r.trades[0].pnl).toBeCloseTo(-500, 9);
  });

  it('tells the strategy it is flat after a stop-out', () => {
    const candles = candlesFrom([...entry, [99, 99, 90, 95], [95, 95, 95, 95]]);
    const strategy = scriptedStrategy({ 0: 'buy' }, { stopLoss: 0.05 });
    runBacktest(strategy, candles, { timeframe: '1h', costs: noCosts });
    expect(strategy.seenStates).toEqual([0, 1, 0, 0]);
  });
});

describe('runBacktest: start (warm-up bars)', () => {
  it('feeds bars before start to the strategy but trades and records equity only from start', () => {
    const candles = candlesFrom(Array.from({ length: 10 }, (_, i) => [100 + i, 101 + i, 99 + i, 100 + i] as const));
    const strategy = scriptedStrategy({ 1: 'buy', 5: 'buy', 7: 'sell' });
    const r = runBacktest(strategy, candles, { timeframe: '1h', costs: noCosts, start: 4 });
    expect(strategy.seenStates).toHaveLength(10);
    expect(r.equity).toHaveLength(6);
    expect(r.bars).toBe(6);
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex])).toEqual([[6, 8]]);
    expect(r.equity[0]).toBe(10_000);
  });

  it('refuses a start outside the candles', () => {
    expect(() => runBacktest(scriptedStrategy({}), flatBars(3), { timeframe: '1h', start: 4 })).toThrow(
      'start must be a bar index from 0 to 3',
    );
  });
});
