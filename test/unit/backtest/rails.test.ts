import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/index.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits, utcDay } from '../../../src/risk/index.js';
import { candlesFrom } from '../../helpers/candles.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

const limits = (over: Partial<RiskLimits>): RiskLimits => ({ ...DEFAULT_RISK_LIMITS, ...over });
const NO_COSTS = { feeBps: 0, slippageBps: 0 };
type Row = readonly [number, number, number, number];
const flat = (price: number): Row => [price, price, price, price];

/** 60 hourly bars from midnight UTC: 100, a fall to 90 on bar 2, 90 after. */
const falling = candlesFrom(
  Array.from({ length: 60 }, (_, i) => (i < 2 ? flat(100) : i === 2 ? [100, 100, 90, 90] : flat(90))),
);

describe('the rails in a backtest', () => {
  it('without limits: no rails, no rejections', () => {
    const result = runBacktest(scriptedStrategy({ 0: 'buy' }), falling, { timeframe: '1h', costs: NO_COSTS });
    expect(result.rejections).toEqual({ counts: {}, list: [] });
    expect(result.openPosition?.quantity).toBe(100);
  });

  it('cuts entries to max_order_value: smaller trades, nothing refused', () => {
    const strategy = () => scriptedStrategy({ 0: 'buy', 3: 'sell', 5: 'short', 7: 'cover' });
    const open = runBacktest(strategy(), falling, {
      timeframe: '1h',
      costs: NO_COSTS,
      limits: limits({ dailyLossLimit: 1 }),
    });
    const capped = runBacktest(strategy(), falling, {
      timeframe: '1h',
      costs: NO_COSTS,
      limits: limits({ maxOrderValue: 1_500, dailyLossLimit: 1 }),
    });
    expect(open.trades.map((t) => t.quantity)).toEqual([100, 9_000 / 90]);
    expect(capped.trades.map((t) => t.quantity)).toEqual([15, 1_500 / 90]);
    expect(capped.trades.map((t) => [t.entryTime, t.exitTime])).toEqual(
      open.trades.map((t) => [t.entryTime, t.exitTime]),
    );
    expect(capped.rejections.list).toEqual([]);
  });

  it('cuts entries to max_position_value', () => {
    const result = runBacktest(scriptedStrategy({ 0: 'buy' }), falling, {
      timeframe: '1h',
      costs: NO_COSTS,
      limits: limits({ maxPositionValue: 2_000, maxOrderValue: 5_000 }),
    });
    expect(result.openPosition?.quantity).toBe(20);
  });

  it('trips the daily-loss breaker: no entry for the rest of the UTC day, entries again the next day', () => {
    // Long 100 units at 100 from bar 1; the fall on bar 2 costs 10% of the day's starting equity.
    const result = runBacktest(
      scriptedStrategy({ 0: 'buy', 3: 'sell', 5: 'buy', 8: 'short', 22: 'buy', 23: 'buy' }),
      falling,
      {
        timeframe: '1h',
        costs: NO_COSTS,
        limits: DEFAULT_RISK_LIMITS,
      },
    );
    const time = falling.time;
    expect(result.rejections.counts).toEqual({ daily_loss: 3 });
    expect(result.rejections.list.map((r) => [r.index, r.time, r.role, r.rail])).toEqual([
      [6, time[6], 'entry', 'daily_loss'],
      [9, time[9], 'entry', 'daily_loss'],
      // Decided at bar 22's close, 23:00: still the first day.
      [23, time[23], 'entry', 'daily_loss'],
    ]);
    expect(result.rejections.list[0].message).toMatch(
      /^daily loss breaker: daily loss 10% .* reached daily_loss_limit 0\.05$/,
    );
    // Bar 23 closes at midnight: a new day, whose entry fills at bar 24's open.
    expect(result.trades).toHaveLength(1);
    expect(result.openPosition).toMatchObject({ side: 'long', entryIndex: 24 });
    // The same history with the breaker opened all the way refuses nothing.
    const wide = runBacktest(scriptedStrategy({ 0: 'buy', 3: 'sell', 5: 'buy' }), falling, {
      timeframe: '1h',
      costs: NO_COSTS,
      limits: limits({ dailyLossLimit: 1 }),
    });
    expect(wide.rejections.list).toEqual([]);
    expect(wide.openPosition?.entryIndex).toBe(6);
  });

  it("follows the venue's trading day when given one", () => {
    // A day that turns at noon UTC: the close of bar 11 starts the next one.
    const noonDay = (time: number) => utcDay(time - 12 * 3_600_000);
    const result = runBacktest(scriptedStrategy({ 0: 'buy', 3: 'sell', 10: 'buy', 11: 'buy' }), falling, {
      timeframe: '1h',
      costs: NO_COSTS,
      limits: DEFAULT_RISK_LIMITS,
      tradingDay: noonDay,
    });
    expect(result.rejections.list.map((r) => [r.index, r.rail])).toEqual([[11, 'daily_loss']]);
    expect(result.openPosition?.entryIndex).toBe(12);
  });

  it('refuses an entry whose expected fill is beyond the price collar from the open', () => {
    // 3% slippage: the fill is expected 3% from the last price, the collar allows 2%.
    const result = runBacktest(scriptedStrategy({ 0: 'buy', 4: 'short' }), falling, {
      timeframe: '1h',
      costs: { feeBps: 0, slippageBps: 300 },
      limits: limits({ priceCollar: 0.02 }),
    });
    expect(result.trades).toEqual([]);
    expect(result.openPosition).toBeUndefined();
    expect(result.rejections.counts).toEqual({ price_collar: 2 });
    expect(result.rejections.list[0]).toMatchObject({ index: 1, role: 'entry', rail: 'price_collar' });
    expect(result.rejections.list[0].message).toMatch(/beyond price_collar 0\.02/);
    expect(result.equity[result.equity.length - 1]).toBe(10_000);
  });
});
