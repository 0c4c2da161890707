/**
 * A venue's published trading rules as data: session hours (with the day they took effect), the
 * days it closes and the days it closes early. Each rule names where the venue publishes it.
 */
import {
  dayNumber,
  dayOf,
  dayString,
  easterSunday,
  isWeekend,
  nthWeekday,
  type Weekday,
  weekdayOf,
} from './civil-day.js';

/** How a holiday that falls on a weekend moves. */
export type Observance =
  /** It does not move: the market is shut that weekend anyway. */
  | 'none'
  /** Saturday → the Friday before, Sunday → the Monday after (US federal practice, NYSE Rule 7.2). */
  | 'us'
  /** Sunday → the Monday after; Saturday not observed (NYSE's New Year's Day). */
  | 'sunday-to-monday'
  /** Weekend → the next weekday that is not already a holiday (UK substitute bank holidays). */
  | 'next-weekday';

export type DayRule =
  | { readonly kind: 'fixed'; readonly month: number; readonly day: number }
  /** n-th weekday of a month (n < 0 from the end), shifted by `offset` days (day after Thanksgiving: +1). */
  | {
      readonly kind: 'nth-weekday';
      readonly month: number;
      readonly weekday: Weekday;
      readonly n: number;
      readonly offset?: number;
    }
  /** Days from Easter Sunday: Good Friday -2, Easter Monday +1. */
  | { readonly kind: 'easter'; readonly offset: number }
  /** One-off days ('YYYY-MM-DD'): national mourning, jubilees, storms. */
  | { readonly kind: 'dates'; readonly dates: readonly string[] }
  /** Computed by code (Japan's holiday law). */
  | { readonly kind: 'computed'; readonly days: (year: number) => readonly number[] };

export interface HolidayRule {
  readonly name: string;
  readonly rule: DayRule;
  readonly observe?: Observance;
  /** First and last year the rule applies (inclusive). */
  readonly fromYear?: number;
  readonly toYear?: number;
  /** Years the rule skips (a bank holiday moved by a one-off). */
  readonly exceptYears?: readonly number[];
  readonly source: string;
}

export interface EarlyCloseRule {
  readonly name: string;
  readonly rule: DayRule;
  /** Local closing time, 'HH:MM'. */
  readonly close: string;
  readonly fromYear?: number;
  readonly toYear?: number;
  readonly source: string;
}

export interface SessionHours {
  /** First day these hours apply ('YYYY-MM-DD'); the first entry applies from the beginning. */
  readonly from?: string;
  readonly open: string;
  readonly close: string;
  /** Local midday breaks (Tokyo's lunch), each ['HH:MM', 'HH:MM']. */
  readonly breaks?: readonly (readonly [string, string])[];
}

export interface VenueDefinition {
  /** ISO 10383 market identifier code, or CRYPTO. */
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  /** Oldest first. */
  readonly hours: readonly SessionHours[];
  readonly holidays: readonly HolidayRule[];
  readonly earlyCloses: readonly EarlyCloseRule[];
  /** Trades every day round the clock (crypto). */
  readonly alwaysOpen?: boolean;
  readonly source: string;
}

function applies(rule: { fromYear?: number; toYear?: number; exceptYears?: readonly number[] }, year: number): boolean {
  if (rule.exceptYears?.includes(year)) return false;
  return (rule.fromYear === undefined || year >= rule.fromYear) && (rule.toYear === undefined || year <= rule.toYear);
}

/** The raw days a rule names in a year, before any weekend observance. */
export function ruleDays(rule: DayRule, year: number): number[] {
  switch (rule.kind) {
    case 'fixed':
      return [dayOf(year, rule.month, rule.day)];
    case 'nth-weekday':
      return [nthWeekday(year, rule.month, rule.weekday, rule.n) + (rule.offset ?? 0)];
    case 'easter':
      return [easterSunday(year) + rule.offset];
    case 'dates':
      return rule.dates.filter((day) => day.startsWith(`${year}-`)).map(dayNumber);
    case 'computed':
      return [...rule.days(year)];
  }
}

/** The closed weekdays of a year: day string → the holiday's name. */
export function holidaysOf(venue: VenueDefinition, year: number): Map<string, string> {
  const closed = new Map<number, string>();
  const deferred: { day: number; name: string }[] = [];
  for (const holiday of venue.holidays) {
    if (!applies(holiday, year)) continue;
    for (const day of ruleDays(holiday.rule, year)) {
      const observed = observe(day, holiday.observe ?? 'none');
      if (observed === 'next-weekday') deferred.push({ day, name: holiday.name });
      else if (observed !== undefined && !closed.has(observed)) closed.set(observed, holiday.name);
    }
  }
  // Substitutes go after every fixed day is known, each to the next free weekday (Boxing Day after Christmas).
  for (const { day, name } of deferred.sort((a, b) => a.day - b.day)) {
    let substitute = day;
    while (isWeekend(substitute) || closed.has(substitute)) substitute++;
    closed.set(substitute, name);
  }
  const named = new Map<string, string>();
  for (const [day, name] of [...closed].sort((a, b) => a[0] - b[0]))
    if (!isWeekend(day)) named.set(dayString(day), name);
  return named;
}

function observe(day: number, how: Observance): number | 'next-weekday' | undefined {
  if (!isWeekend(day)) return day;
  const saturday = weekdayOf(day) === 6;
  switch (how) {
    case 'none':
      return undefined;
    case 'us':
      return saturday ? day - 1 : day + 1;
    case 'sunday-to-monday':
      return saturday ? undefined : day + 1;
    case 'next-weekday':
      return 'next-weekday';
  }
}

/** The early closes of a year that fall on trading days: day string → local close and name. */
export function earlyClosesOf(
  venue: VenueDefinition,
  year: number,
  holidays: ReadonlyMap<string, string>,
): Map<string, { close: string; name: string }> {
  const early = new Map<string, { close: string; name: string }>();
  for (const rule of venue.earlyCloses) {
    if (!applies(rule, year)) continue;
    for (const day of ruleDays(rule.rule, year)) {
      const key = dayString(day);
      if (!isWeekend(day) && !holidays.has(key)) early.set(key, { close: rule.close, name: rule.name });
    }
  }
  return early;
}
