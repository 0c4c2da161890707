import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/backtest/index.js';
import { venueCalendar } from '../../../src/calendar/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { scriptedStrategy } from '../../helpers/scripted-strategy.js';

// Session data (the sandbox equity mode on NYSE's calendar) holds no bar while the market is shut,
// so the engine's next-bar-open fill is already the next session's open: these tests hold it there.
const candles = generateSandboxCandles({
  symbol: 'SBX-VOLATILE',
  timeframe: '1h',
  bars: 120,
  start: Date.UTC(2024, 11, 20),
  venue: 'XNYS',
});
const nyse = venueCalendar('XNYS');
const noCosts = { feeBps: 0, slippageBps: 0 };
const lastBarOf = (day: string) => Array.from(candles.time).findLastIndex((t) => nyse.tradingDay(t) === day);

describe('backtests on session data', () => {
  it.each([
    ['a weekend', '2024-12-20', '2024-12-23'],
    ['Christmas (early close on the eve)', '2024-12-24', '2024-12-26'],
  ])('fill an order decided at the close before %s at the next session open, across the gap', (_, day, next) => {
    const decided = lastBarOf(day);
    const result = runBacktest(scriptedStrategy({ [decided]: 'buy', [decided + 3]: 'sell' }), candles, {
      timeframe: '1h',
      costs: noCosts,
      ledger: true,
    });
    const trade = result.trades[0];
    expect(trade.entryIndex).toBe(decided + 1);
    expect(nyse.tradingDay(trade.entryTime)).toBe(next);
    expect(trade.entryTime).toBe(candles.time[decided + 1]);
    // The first bar of the session: it holds the open (09:30 ET), an hour-aligned 09:00 bar.
    expect(trade.entryTime + 3_600_000).toBeGreaterThan(nyse.sessionOn(next)?.open ?? 0);
    expect(trade.entryTime).toBeLessThanOrEqual(nyse.sessionOn(next)?.open ?? 0);
    expect(trade.entryPrice).toBe(candles.open[decided + 1]);
    // The overnight gap is real: the next open is not the last close.
    expect(candles.open[decided + 1]).not.toBe(candles.close[decided]);
    // Marked at session closes: flat at the decision bar, the position at the next session's first close.
    expect(result.equity[decided]).toBe(result.equity[decided - 1]);
    const units = (result.equity[decided] as number) / candles.open[decided + 1];
    expect(result.equity[decided + 1]).toBeCloseTo(units * candles.close[decided + 1], 6);
  });

  it('has no bar, hence no fill and no mark, while the market is shut', () => {
    for (const t of candles.time) expect(nyse.sessionsBetween(t, t + 3_600_000)).toHaveLength(1);
  });
});
