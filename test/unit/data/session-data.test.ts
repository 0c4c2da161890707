import { describe, expect, it } from 'vitest';
import { venueCalendar } from '../../../src/calendar/index.js';
import { sliceCandles } from '../../../src/core/index.js';
import { formatCandlesCsv, generateSandboxCandles, parseCandlesCsv } from '../../../src/data/index.js';

const START = Date.UTC(2024, 11, 20); // a Friday before Christmas, New Year and their weekends
const hour = 3_600_000;

describe('the sandbox equity mode', () => {
  const candles = generateSandboxCandles({
    symbol: 'SBX-TREND',
    timeframe: '1h',
    bars: 300,
    start: START,
    venue: 'XNYS',
  });
  const nyse = venueCalendar('XNYS');

  it('makes bars only in sessions: none at night, at weekends or on holidays', () => {
    for (let i = 0; i < candles.length; i++) {
      const t = candles.time[i];
      expect(nyse.sessionsBetween(t, t + hour).length, new Date(t).toISOString()).toBe(1);
    }
    const days = new Set(Array.from(candles.time, (t) => nyse.tradingDay(t)));
    expect(days.has('2024-12-25')).toBe(false);
    expect(days.has('2024-12-21')).toBe(false);
    expect(days.has('2024-12-24')).toBe(true);
    // 09:30-16:00 ET on clock-aligned hours: the 09:00 bar (from 09:30) to the 15:00 bar, 7 a day.
    const perDay = Array.from(candles.time).filter((t) => nyse.tradingDay(t) === '2024-12-23').length;
    expect(perDay).toBe(7);
    // Christmas Eve closes at 13:00: 09:00 to 12:00, 4 bars.
    expect(Array.from(candles.time).filter((t) => nyse.tradingDay(t) === '2024-12-24').length).toBe(4);
  });

  it('is deterministic and fewer bars are a prefix of more', () => {
    const fewer = generateSandboxCandles({
      symbol: 'SBX-TREND',
      timeframe: '1h',
      bars: 50,
      start: START,
      venue: 'XNYS',
    });
    expect(Array.from(fewer.close)).toEqual(Array.from(candles.close).slice(0, 50));
    expect(Array.from(fewer.time)).toEqual(Array.from(candles.time).slice(0, 50));
  });

  it('leaves the round-the-clock series as it was (CRYPTO is no venue change)', () => {
    const plain = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 100, start: START });
    const crypto = generateSandboxCandles({
      symbol: 'SBX-TREND',
      timeframe: '1h',
      bars: 100,
      start: START,
      venue: 'crypto',
    });
    expect(Array.from(crypto.close)).toEqual(Array.from(plain.close));
    expect(plain.time[99] - plain.time[0]).toBe(99 * hour);
  });

  it('refuses an unknown venue naming the closest', () => {
    expect(() => generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: '1h', bars: 1, venue: 'XLNO' })).toThrow(
      /unknown venue 'XLNO'; did you mean 'XLON'\?/,
    );
  });
});

describe('gap checks against the session calendar', () => {
  const candles = generateSandboxCandles({
    symbol: 'SBX-WALK',
    timeframe: '1h',
    bars: 200,
    start: START,
    venue: 'XNYS',
  });
  const csv = formatCandlesCsv(candles);

  it('reads nights, weekends and holidays as gaps without a calendar', () => {
    expect(parseCandlesCsv(csv, { timeframe: '1h' }).warnings.length).toBeGreaterThan(5);
  });

  it("sees no gap where the venue's calendar says it was closed", () => {
    expect(parseCandlesCsv(csv, { timeframe: '1h', calendar: venueCalendar('XNYS') }).warnings).toEqual([]);
  });

  it.each(['XNYS', 'XLON', 'XETR', 'XPAR', 'XTKS'])(
    '%s: the equity mode and the gap check agree at every bar length (lunch breaks, early closes, DST)',
    (venue) => {
      for (const timeframe of ['5m', '1h', '4h', '1d'] as const) {
        const bars = generateSandboxCandles({
          symbol: 'SBX-WALK',
          timeframe,
          bars: 1500,
          start: Date.UTC(2024, 2, 1),
          venue,
        });
        const parsed = parseCandlesCsv(formatCandlesCsv(bars), { timeframe, calendar: venueCalendar(venue) });
        expect(parsed.warnings, `${venue} ${timeframe}`).toEqual([]);
      }
    },
  );

  it('still finds a bar missing inside a session, counting only session bars', () => {
    const head = sliceCandles(candles, 0, 10);
    const tail = sliceCandles(candles, 12, candles.length);
    const holed = formatCandlesCsv(head) + formatCandlesCsv(tail).split('\n').slice(1).join('\n');
    const { warnings } = parseCandlesCsv(holed, { timeframe: '1h', calendar: venueCalendar('XNYS') });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/gap of 2 bars after/);
    expect(() =>
      parseCandlesCsv(holed, { timeframe: '1h', calendar: venueCalendar('XNYS'), strictGaps: true }),
    ).toThrow(/gap of 2 bars/);
  });
});
