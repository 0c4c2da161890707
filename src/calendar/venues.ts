/**
 * The venues fleet knows, as their published rules. No maintained npm package gives exchange
 * calendars (public-holiday packages differ from exchange holidays), so the rules live here as
 * data, each with its source, and the tests hold each venue's published lists for 2024–2026.
 */
import { japaneseHolidays } from './japan-holidays.js';
import type { HolidayRule, VenueDefinition } from './venue-rules.js';

const NYSE = 'NYSE Rule 7.2 and the holiday list at nyse.com/markets/hours-calendars';
const NYSE_EARLY = 'NYSE early closings (13:00 ET), nyse.com/markets/hours-calendars';
const LSE = 'London Stock Exchange business days (England and Wales bank holidays, gov.uk/bank-holidays)';
const XETRA = 'Deutsche Börse, Xetra trading calendar (deutsche-boerse.com, trading hours and holidays)';
const EURONEXT = 'Euronext holiday calendar, announced yearly (euronext.com/en/trade/trading-hours-holidays)';
const JPX = 'JPX market holidays (jpx.co.jp/english/corporate/about-jpx/calendar)';

/** Good Friday, Easter Monday, New Year's, Labour Day and Christmas: the European core. */
function europeanCore(source: string): HolidayRule[] {
  return [
    { name: "New Year's Day", rule: { kind: 'fixed', month: 1, day: 1 }, source },
    { name: 'Good Friday', rule: { kind: 'easter', offset: -2 }, source },
    { name: 'Easter Monday', rule: { kind: 'easter', offset: 1 }, source },
    { name: 'Labour Day', rule: { kind: 'fixed', month: 5, day: 1 }, source },
    { name: 'Christmas Day', rule: { kind: 'fixed', month: 12, day: 25 }, source },
    { name: 'Boxing Day', rule: { kind: 'fixed', month: 12, day: 26 }, source },
  ];
}

const XNYS: VenueDefinition = {
  id: 'XNYS',
  name: 'New York Stock Exchange',
  zone: 'America/New_York',
  hours: [{ open: '09:30', close: '16:00' }],
  holidays: [
    { name: "New Year's Day", rule: { kind: 'fixed', month: 1, day: 1 }, observe: 'sunday-to-monday', source: NYSE },
    { name: 'Martin Luther King Jr. Day', rule: { kind: 'nth-weekday', month: 1, weekday: 1, n: 3 }, source: NYSE },
    { name: "Washington's Birthday", rule: { kind: 'nth-weekday', month: 2, weekday: 1, n: 3 }, source: NYSE },
    { name: 'Good Friday', rule: { kind: 'easter', offset: -2 }, source: NYSE },
    { name: 'Memorial Day', rule: { kind: 'nth-weekday', month: 5, weekday: 1, n: -1 }, source: NYSE },
    {
      name: 'Juneteenth',
      rule: { kind: 'fixed', month: 6, day: 19 },
      observe: 'us',
      fromYear: 2022,
      source: NYSE,
    },
    { name: 'Independence Day', rule: { kind: 'fixed', month: 7, day: 4 }, observe: 'us', source: NYSE },
    { name: 'Labor Day', rule: { kind: 'nth-weekday', month: 9, weekday: 1, n: 1 }, source: NYSE },
    { name: 'Thanksgiving Day', rule: { kind: 'nth-weekday', month: 11, weekday: 4, n: 4 }, source: NYSE },
    { name: 'Christmas Day', rule: { kind: 'fixed', month: 12, day: 25 }, observe: 'us', source: NYSE },
    {
      name: 'National Day of Mourning',
      rule: { kind: 'dates', dates: ['2004-06-11', '2007-01-02', '2018-12-05', '2025-01-09'] },
      source: 'NYSE closures for the funerals of Presidents Reagan, Ford, G. H. W. Bush and Carter',
    },
    {
      name: 'Hurricane Sandy',
      rule: { kind: 'dates', dates: ['2012-10-29', '2012-10-30'] },
      source: 'NYSE closure, 29-30 October 2012',
    },
  ],
  earlyCloses: [
    { name: 'Independence Day eve', rule: { kind: 'fixed', month: 7, day: 3 }, close: '13:00', source: NYSE_EARLY },
    {
      name: 'Day after Thanksgiving',
      rule: { kind: 'nth-weekday', month: 11, weekday: 4, n: 4, offset: 1 },
      close: '13:00',
      source: NYSE_EARLY,
    },
    { name: 'Christmas Eve', rule: { kind: 'fixed', month: 12, day: 24 }, close: '13:00', source: NYSE_EARLY },
  ],
  source: NYSE,
};

const XLON: VenueDefinition = {
  id: 'XLON',
  name: 'London Stock Exchange',
  zone: 'Europe/London',
  hours: [{ open: '08:00', close: '16:30' }],
  holidays: [
    { name: "New Year's Day", rule: { kind: 'fixed', month: 1, day: 1 }, observe: 'next-weekday', source: LSE },
    { name: 'Good Friday', rule: { kind: 'easter', offset: -2 }, source: LSE },
    { name: 'Easter Monday', rule: { kind: 'easter', offset: 1 }, source: LSE },
    {
      name: 'Early May bank holiday',
      rule: { kind: 'nth-weekday', month: 5, weekday: 1, n: 1 },
      exceptYears: [2020],
      source: LSE,
    },
    {
      name: 'Spring bank holiday',
      rule: { kind: 'nth-weekday', month: 5, weekday: 1, n: -1 },
      exceptYears: [2002, 2012, 2022],
      source: LSE,
    },
    { name: 'Summer bank holiday', rule: { kind: 'nth-weekday', month: 8, weekday: 1, n: -1 }, source: LSE },
    { name: 'Christmas Day', rule: { kind: 'fixed', month: 12, day: 25 }, observe: 'next-weekday', source: LSE },
    { name: 'Boxing Day', rule: { kind: 'fixed', month: 12, day: 26 }, observe: 'next-weekday', source: LSE },
    {
      name: 'Moved or extra bank holiday',
      rule: {
        kind: 'dates',
        dates: [
          '2002-06-03',
          '2002-06-04',
          '2011-04-29',
          '2012-06-04',
          '2012-06-05',
          '2020-05-08',
          '2022-06-02',
          '2022-06-03',
          '2022-09-19',
          '2023-05-08',
        ],
      },
      source: 'UK proclamations: jubilees, royal wedding, VE Day 75, state funeral, coronation (gov.uk/bank-holidays)',
    },
  ],
  earlyCloses: [
    { name: 'Christmas Eve', rule: { kind: 'fixed', month: 12, day: 24 }, close: '12:30', source: LSE },
    { name: "New Year's Eve", rule: { kind: 'fixed', month: 12, day: 31 }, close: '12:30', source: LSE },
  ],
  source: LSE,
};

const XETR: VenueDefinition = {
  id: 'XETR',
  name: 'Xetra (Deutsche Börse)',
  zone: 'Europe/Berlin',
  hours: [{ open: '09:00', close: '17:30' }],
  holidays: [
    ...europeanCore(XETRA),
    { name: 'Christmas Eve', rule: { kind: 'fixed', month: 12, day: 24 }, source: XETRA },
    { name: "New Year's Eve", rule: { kind: 'fixed', month: 12, day: 31 }, source: XETRA },
  ],
  earlyCloses: [],
  source: XETRA,
};

const XPAR: VenueDefinition = {
  id: 'XPAR',
  name: 'Euronext Paris',
  zone: 'Europe/Paris',
  hours: [{ open: '09:00', close: '17:30' }],
  holidays: europeanCore(EURONEXT),
  earlyCloses: [
    // Euronext's cash markets close at 14:05 CET on both eves (its yearly holiday-calendar release).
    { name: 'Christmas Eve', rule: { kind: 'fixed', month: 12, day: 24 }, close: '14:05', source: EURONEXT },
    { name: "New Year's Eve", rule: { kind: 'fixed', month: 12, day: 31 }, close: '14:05', source: EURONEXT },
  ],
  source: EURONEXT,
};

const XTKS: VenueDefinition = {
  id: 'XTKS',
  name: 'Tokyo Stock Exchange',
  zone: 'Asia/Tokyo',
  hours: [
    { open: '09:00', close: '15:00', breaks: [['11:30', '12:30']] },
    // The afternoon session runs to 15:30 since 5 November 2024 (JPX, arrowhead renewal).
    { from: '2024-11-05', open: '09:00', close: '15:30', breaks: [['11:30', '12:30']] },
  ],
  holidays: [
    { name: 'National holiday', rule: { kind: 'computed', days: japaneseHolidays }, source: JPX },
    { name: 'Year-end holiday', rule: { kind: 'fixed', month: 12, day: 31 }, source: JPX },
    { name: 'New Year holiday', rule: { kind: 'fixed', month: 1, day: 2 }, source: JPX },
    { name: 'New Year holiday', rule: { kind: 'fixed', month: 1, day: 3 }, source: JPX },
    {
      name: 'System failure',
      rule: { kind: 'dates', dates: ['2020-10-01'] },
      source: 'JPX: trading halted all day on 1 October 2020',
    },
  ],
  earlyCloses: [],
  source: JPX,
};

const CRYPTO: VenueDefinition = {
  id: 'CRYPTO',
  name: 'Crypto (round the clock)',
  zone: 'UTC',
  hours: [{ open: '00:00', close: '24:00' }],
  holidays: [],
  earlyCloses: [],
  alwaysOpen: true,
  source: 'crypto exchanges trade every day round the clock',
};

export const VENUE_DEFINITIONS: readonly VenueDefinition[] = [
  CRYPTO,
  XNYS,
  // Nasdaq keeps NYSE's days and hours.
  { ...XNYS, id: 'XNAS', name: 'Nasdaq', source: `${NYSE} (Nasdaq follows the same days)` },
  XLON,
  XETR,
  XPAR,
  XTKS,
];

export const VENUE_IDS: readonly string[] = VENUE_DEFINITIONS.map((venue) => venue.id);
