import { describe, expect, it } from 'vitest';
import { VENUE_IDS, venueCalendar } from '../../../src/calendar/index.js';
import { PUBLISHED } from './published-holidays.js';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe('venue calendars against the published lists', () => {
  for (const [id, venue] of Object.entries(PUBLISHED)) {
    for (const [year, published] of Object.entries(venue.years)) {
      it(`${id} ${year} (${venue.source})`, () => {
        const calendar = venueCalendar(id);
        expect([...calendar.holidays(Number(year)).keys()].map((day) => day.slice(5))).toEqual(published.holidays);
        const early = [...calendar.earlyCloses(Number(year))].map(([day, e]) => `${day.slice(5)}@${e.close}`);
        expect(early).toEqual(published.earlyCloses);
      });
    }
  }

  it('covers every stock venue', () => {
    expect(Object.keys(PUBLISHED).sort()).toEqual(VENUE_IDS.filter((id) => id !== 'CRYPTO' && id !== 'XNAS').sort());
  });
});

describe('sessions as instants', () => {
  it('follows New York daylight saving (09:30 ET is 14:30Z in winter, 13:30Z in summer)', () => {
    const nyse = venueCalendar('XNYS');
    expect(iso(nyse.sessionOn('2024-03-08')?.open ?? 0)).toBe('2024-03-08T14:30:00.000Z');
    expect(iso(nyse.sessionOn('2024-03-11')?.open ?? 0)).toBe('2024-03-11T13:30:00.000Z');
    expect(iso(nyse.sessionOn('2024-11-01')?.close ?? 0)).toBe('2024-11-01T20:00:00.000Z');
    expect(iso(nyse.sessionOn('2024-11-04')?.close ?? 0)).toBe('2024-11-04T21:00:00.000Z');
  });

  it('knows the weeks when Europe and America change clocks apart', () => {
    // 2024-03-11 to 03-29: New York on summer time, London not yet: the gap is 4 hours, not 5.
    expect(iso(venueCalendar('XLON').sessionOn('2024-03-15')?.open ?? 0)).toBe('2024-03-15T08:00:00.000Z');
    expect(iso(venueCalendar('XLON').sessionOn('2024-04-02')?.open ?? 0)).toBe('2024-04-02T07:00:00.000Z');
    expect(iso(venueCalendar('XETR').sessionOn('2024-10-28')?.close ?? 0)).toBe('2024-10-28T16:30:00.000Z');
  });

  it('closes early on the published days', () => {
    const nyse = venueCalendar('XNYS').sessionOn('2025-11-28');
    expect(iso(nyse?.close ?? 0)).toBe('2025-11-28T18:00:00.000Z');
    expect(nyse?.earlyClose).toBe('Day after Thanksgiving');
    expect(iso(venueCalendar('XLON').sessionOn('2025-12-24')?.close ?? 0)).toBe('2025-12-24T12:30:00.000Z');
    expect(iso(venueCalendar('XPAR').sessionOn('2025-12-31')?.close ?? 0)).toBe('2025-12-31T13:05:00.000Z');
  });

  it("has Tokyo's lunch break and its longer afternoon from 5 November 2024", () => {
    const tokyo = venueCalendar('XTKS');
    expect(iso(tokyo.sessionOn('2024-11-01')?.close ?? 0)).toBe('2024-11-01T06:00:00.000Z');
    expect(iso(tokyo.sessionOn('2024-11-05')?.close ?? 0)).toBe('2024-11-05T06:30:00.000Z');
    expect(tokyo.isOpen(at('2025-06-02T02:00:00Z'))).toBe(true); // 11:00 JST
    expect(tokyo.isOpen(at('2025-06-02T03:00:00Z'))).toBe(false); // 12:00 JST, lunch
    expect(tokyo.sessionAt(at('2025-06-02T03:00:00Z'))?.day).toBe('2025-06-02');
    expect(iso(tokyo.nextOpen(at('2025-06-02T03:00:00Z')))).toBe('2025-06-02T03:30:00.000Z');
    expect(iso(tokyo.nextClose(at('2025-06-02T01:00:00Z')))).toBe('2025-06-02T02:30:00.000Z');
  });

  it('says closed on a holiday, a weekend and at night, and names why', () => {
    const nyse = venueCalendar('XNYS');
    expect(nyse.isOpen(at('2025-01-09T15:00:00Z'))).toBe(false);
    expect(nyse.closure('2025-01-09')).toBe('National Day of Mourning');
    expect(nyse.closure('2025-01-11')).toBe('weekend');
    expect(nyse.isOpen(at('2025-01-10T15:00:00Z'))).toBe(true);
    expect(nyse.isOpen(at('2025-01-10T21:00:00Z'))).toBe(false);
    expect(nyse.closure('2025-01-10')).toBeUndefined();
  });

  it('finds the next open across a weekend and a holiday, and the next close', () => {
    const nyse = venueCalendar('XNYS');
    // Friday 17 Jan 2025 after the close → Monday 20 Jan is MLK Day → Tuesday 21 Jan 09:30 ET.
    expect(iso(nyse.nextOpen(at('2025-01-17T22:00:00Z')))).toBe('2025-01-21T14:30:00.000Z');
    expect(nyse.nextOpen(at('2025-01-21T15:00:00Z'))).toBe(at('2025-01-21T15:00:00Z'));
    expect(iso(nyse.nextClose(at('2025-01-17T22:00:00Z')))).toBe('2025-01-21T21:00:00.000Z');
    // Tokyo's year end: 30 Dec 2025 after the close → Monday 5 Jan 2026.
    expect(iso(venueCalendar('XTKS').nextOpen(at('2025-12-30T07:00:00Z')))).toBe('2026-01-05T00:00:00.000Z');
  });

  it("gives the venue's local trading day", () => {
    // 23:30 ET on 3 March is already 4 March in UTC.
    expect(venueCalendar('XNYS').tradingDay(at('2025-03-04T04:30:00Z'))).toBe('2025-03-03');
    expect(venueCalendar('XTKS').tradingDay(at('2025-03-03T23:30:00Z'))).toBe('2025-03-04');
    expect(venueCalendar('CRYPTO').tradingDay(at('2025-03-04T04:30:00Z'))).toBe('2025-03-04');
  });

  it('lists the sessions in a span', () => {
    const days = venueCalendar('XNYS')
      .sessionsBetween(at('2025-04-16T00:00:00Z'), at('2025-04-23T00:00:00Z'))
      .map((session) => session.day);
    expect(days).toEqual(['2025-04-16', '2025-04-17', '2025-04-21', '2025-04-22']);
  });

  it('counts the bars a gap should have had, only inside sessions', () => {
    const nyse = venueCalendar('XNYS');
    const hour = 3_600_000;
    // Friday's last hourly bar (19:30Z) to Monday's first (13:30Z): a closed weekend, nothing missing.
    expect(nyse.tradingBarsBetween(at('2024-07-05T19:30:00Z'), at('2024-07-08T13:30:00Z'), hour)).toBe(0);
    expect(nyse.tradingBarsBetween(at('2024-07-05T19:30:00Z'), at('2024-07-08T15:30:00Z'), hour)).toBe(2);
    // Over Independence Day after the early close.
    expect(nyse.tradingBarsBetween(at('2024-07-03T16:30:00Z'), at('2024-07-05T13:30:00Z'), hour)).toBe(0);
    const crypto = venueCalendar('CRYPTO');
    expect(crypto.tradingBarsBetween(at('2024-07-05T19:00:00Z'), at('2024-07-05T23:00:00Z'), hour)).toBe(3);
  });

  it('is always open for crypto', () => {
    const crypto = venueCalendar('crypto');
    expect(crypto.isOpen(at('2025-12-25T00:00:00Z'))).toBe(true);
    expect(crypto.nextClose(0)).toBe(Number.POSITIVE_INFINITY);
    expect(crypto.sessionOn('2025-12-25')?.open).toBe(at('2025-12-25T00:00:00Z'));
  });

  it('refuses an unknown venue with the closest one named', () => {
    expect(() => venueCalendar('XNYZ')).toThrow(/unknown venue 'XNYZ'; did you mean 'XNYS'\?/);
    expect(() => venueCalendar('XNYS').sessionOn('2025-02-30')).toThrow(/not a day/);
  });
});

describe('rules beyond the tested years', () => {
  it('substitutes UK Christmas and Boxing Day over a weekend (2021, 2022)', () => {
    expect([...venueCalendar('XLON').holidays(2021).keys()].slice(-2)).toEqual(['2021-12-27', '2021-12-28']);
    expect([...venueCalendar('XLON').holidays(2022).keys()].slice(-2)).toEqual(['2022-12-26', '2022-12-27']);
  });

  it("does not observe NYSE New Year's Day on the Friday before (2022)", () => {
    expect(venueCalendar('XNYS').closure('2021-12-31')).toBeUndefined();
    expect(venueCalendar('XNYS').closure('2021-12-24')).toBe('Christmas Day');
  });
});
