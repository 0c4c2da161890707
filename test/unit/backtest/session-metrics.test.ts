import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backtestSpec, computeMetrics } from '../../../src/backtest/index.js';
import { venueCalendar } from '../../../src/calendar/index.js';
import { barsPerYear, type Timeframe, timeframeMs, UsageError } from '../../../src/core/index.js';
import { generateSandboxCandles, parseDataSource, sourceVenue } from '../../../src/data/index.js';
import { loadSpec } from '../../../src/spec/index.js';

const example = JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8'));
const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('bars in a year, from the venue’s sessions', () => {
  it('counts about 252 daily bars on NYSE and seven hourly bars a session', () => {
    const nyse = venueCalendar('XNYS');
    const daily = nyse.barsPerYear(DAY);
    expect(daily).toBeGreaterThanOrEqual(250);
    expect(daily).toBeLessThanOrEqual(253);
    // Hourly bars 09:00–15:00 New York time, fewer on the early closes.
    const hourly = nyse.barsPerYear(HOUR);
    expect(hourly).toBeLessThan(7 * daily);
    expect(hourly).toBeGreaterThan(7 * daily - 12);
    // A minute bar per minute of the 6.5-hour session.
    expect(nyse.barsPerYear(60_000)).toBeGreaterThan(390 * daily - 1000);
    expect(nyse.barsPerYear(60_000)).toBeLessThan(390 * daily);
    // Tokyo, on fewer days: 09:00–11:30 and 12:30–15:30 make seven hourly bars, six while the
    // session ended at 15:00 (before 5 November 2024).
    const tokyo = venueCalendar('XTKS');
    const tokyoDays = tokyo.barsPerYear(DAY);
    expect(tokyoDays).toBeLessThan(daily);
    expect(tokyo.barsPerYear(HOUR)).toBeGreaterThan(6 * tokyoDays);
    expect(tokyo.barsPerYear(HOUR)).toBeLessThan(7 * tokyoDays);
  });

  it('keeps crypto round the clock', () => {
    const crypto = venueCalendar('CRYPTO');
    for (const timeframe of ['1m', '1h', '1d'] as Timeframe[]) {
      expect(crypto.barsPerYear(timeframeMs(timeframe))).toBe(barsPerYear(timeframe));
    }
    expect(crypto.barsPerYear(HOUR)).toBe(365 * 24);
  });
});

describe('annualised metrics on session data', () => {
  const run = (timeframe: Timeframe, venue: string | undefined) => {
    const checked = loadSpec({ ...example, timeframe });
    const candles = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe, bars: 1500, seed: 3, venue });
    const params = { fast: 8, slow: 30 };
    return {
      withVenue: backtestSpec(checked, candles, { params, venue }),
      roundTheClock: backtestSpec(checked, candles, { params }),
    };
  };

  it.each([
    ['1d', 'XNYS'],
    ['1h', 'XNYS'],
    ['1h', 'XTKS'],
  ] as const)('a %s series on %s annualises over the venue’s bars in a year', (timeframe, venue) => {
    const { withVenue, roundTheClock } = run(timeframe, venue);
    const perYear = venueCalendar(venue).barsPerYear(timeframeMs(timeframe));
    const { metrics } = withVenue;
    expect(metrics.trades).toBeGreaterThan(3);
    expect(metrics.sharpe).not.toBe(0);
    // Sharpe and Sortino scale with the square root of the bars in a year.
    const scale = Math.sqrt(perYear / barsPerYear(timeframe));
    expect(metrics.sharpe).toBeCloseTo(roundTheClock.metrics.sharpe * scale, 10);
    expect(metrics.sortino).toBeCloseTo(roundTheClock.metrics.sortino * scale, 10);
    // So does the time the bars span: CAGR and Calmar over the venue's years, not 365-day ones.
    const expected = computeMetrics({
      equity: withVenue.equity,
      initialCash: withVenue.initialCash,
      trades: withVenue.trades,
      barsInPosition: Math.round(metrics.exposure * withVenue.equity.length),
      barsPerYear: perYear,
    });
    expect(metrics.cagr).toBe(expected.cagr);
    expect(metrics.calmar).toBe(expected.calmar);
    expect(Math.abs(metrics.sharpe)).toBeLessThan(Math.abs(roundTheClock.metrics.sharpe));
  });

  it('leaves crypto data as it was', () => {
    const { withVenue, roundTheClock } = run('1h', 'CRYPTO');
    expect(withVenue.metrics).toEqual(roundTheClock.metrics);
    const { metrics } = withVenue;
    const expected = computeMetrics({
      equity: withVenue.equity,
      initialCash: withVenue.initialCash,
      trades: withVenue.trades,
      barsInPosition: Math.round(metrics.exposure * withVenue.equity.length),
      barsPerYear: 365 * 24,
    });
    expect(metrics.sharpe).toBe(expected.sharpe);
  });
});

describe('the venue of a data source', () => {
  it('comes from sandbox:VENUE or --venue, for any source', () => {
    expect(sourceVenue(parseDataSource('sandbox:xnys'))).toBe('XNYS');
    expect(sourceVenue(parseDataSource('csv:bars.csv', { venue: 'xlon' }))).toBe('XLON');
    expect(sourceVenue(parseDataSource('cache:alpaca', { venue: 'XNYS' }))).toBe('XNYS');
    expect(sourceVenue(parseDataSource('sandbox', { venue: 'XTKS' }))).toBe('XTKS');
    expect(sourceVenue(parseDataSource('csv:bars.csv'))).toBeUndefined();
  });

  it('refuses an unknown venue and two that disagree', () => {
    expect(() => parseDataSource('csv:bars.csv', { venue: 'XNYZ' })).toThrow(UsageError);
    expect(() => parseDataSource('csv:bars.csv', { venue: 'XNYZ' })).toThrow(/did you mean 'XNYS'/);
    expect(() => parseDataSource('sandbox:XNYS', { venue: 'XLON' })).toThrow(/keeps XNYS's sessions, not --venue XLON/);
  });
});
