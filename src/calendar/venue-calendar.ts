/**
 * One venue's calendar: its sessions as instants, and the questions the engine asks of them
 * (is it open, when does it next open or close, which trading day is it). Years are worked out
 * once and kept.
 */
import { didYouMean, UsageError, YEAR_MS } from '../core/index.js';
import { dayNumber, dayString, isDay, isWeekend } from './civil-day.js';
import { earlyClosesOf, holidaysOf, type SessionHours, type VenueDefinition } from './venue-rules.js';
import { VENUE_DEFINITIONS, VENUE_IDS } from './venues.js';
import { localDay, minutesOf, zonedInstant } from './zone-time.js';

const DAY_MS = 86_400_000;
/** The longest run of closed days any venue has (Tokyo's year end beside a weekend) is far shorter. */
const SEARCH_DAYS = 40;
const SESSION_LOOKBACK = 8;
/** The years whose published holidays the calendars are tested against: a typical year is their mean. */
const REFERENCE_YEARS = [2024, 2025, 2026] as const;

/** A span of continuous trading, [start, end). */
export interface TradingPeriod {
  readonly start: number;
  readonly end: number;
}

/** One trading day's session: open to close, less any midday break. */
export interface Session {
  /** The venue's local date of the session, 'YYYY-MM-DD'. */
  readonly day: string;
  readonly open: number;
  readonly close: number;
  /** The spans of continuous trading (one, or two around Tokyo's lunch break). */
  readonly periods: readonly TradingPeriod[];
  /** Why it closes early, when it does. */
  readonly earlyClose?: string;
}

interface YearRules {
  readonly holidays: ReadonlyMap<string, string>;
  readonly early: ReadonlyMap<string, { close: string; name: string }>;
}

export class VenueCalendar {
  private readonly years = new Map<number, YearRules>();
  private readonly sessions = new Map<string, Session | null>();
  private readonly annualBars = new Map<number, number>();

  constructor(readonly definition: VenueDefinition) {}

  get id(): string {
    return this.definition.id;
  }
  get zone(): string {
    return this.definition.zone;
  }
  get alwaysOpen(): boolean {
    return this.definition.alwaysOpen === true;
  }

  /** Why the venue is closed all day on `day` (a holiday's name, or 'weekend'), if it is. */
  closure(day: string): string | undefined {
    if (this.alwaysOpen) return undefined;
    if (isWeekend(dayNumber(day))) return 'weekend';
    return this.yearRules(Number(day.slice(0, 4))).holidays.get(day);
  }

  /** Full-day closures on weekdays in a year, day → holiday name. */
  holidays(year: number): ReadonlyMap<string, string> {
    return this.alwaysOpen ? new Map() : this.yearRules(year).holidays;
  }

  /** Early closes in a year, day → local close time and reason. */
  earlyCloses(year: number): ReadonlyMap<string, { close: string; name: string }> {
    return this.alwaysOpen ? new Map() : this.yearRules(year).early;
  }

  /** The session on a local day, or undefined when the venue is closed that day. */
  sessionOn(day: string): Session | undefined {
    if (!isDay(day)) throw new UsageError(`'${day}' is not a day (expected YYYY-MM-DD)`);
    let session = this.sessions.get(day);
    if (session === undefined) {
      session = this.buildSession(day);
      this.sessions.set(day, session);
    }
    return session ?? undefined;
  }

  /** The session whose open ≤ t < close (a lunch break included), if any. */
  sessionAt(t: number): Session | undefined {
    const session = this.sessionOn(localDay(t, this.zone));
    return session !== undefined && t >= session.open && t < session.close ? session : undefined;
  }

  /** True while the venue trades continuously at `t` (not in a break, not closed). */
  isOpen(t: number): boolean {
    if (this.alwaysOpen) return true;
    return this.sessionAt(t)?.periods.some((p) => t >= p.start && t < p.end) ?? false;
  }

  /** The first instant ≥ t at which trading runs (t itself when open). */
  nextOpen(t: number): number {
    if (this.alwaysOpen) return t;
    return this.scan(t, (period) => (t < period.end ? Math.max(t, period.start) : undefined));
  }

  /** The first instant > t at which trading stops (a break counts); Infinity for crypto. */
  nextClose(t: number): number {
    if (this.alwaysOpen) return Number.POSITIVE_INFINITY;
    return this.scan(t, (period) => (t < period.end ? period.end : undefined));
  }

  /**
   * How far back to reach for `bars` bars of `stepMs`: that many bar lengths round the clock; for
   * a venue with sessions eight times more (NYSE trades 32.5 of 168 hours, Tokyo 25, with holidays
   * on top), so warm-ups and sandbox histories still hold at least `bars` session bars.
   */
  lookbackMs(bars: number, stepMs: number): number {
    return bars * stepMs * (this.alwaysOpen ? 1 : SESSION_LOOKBACK);
  }

  /** The venue's trading day at `t`: its local date (UTC for crypto), the day of the daily-loss breaker. */
  tradingDay(t: number): string {
    return localDay(t, this.zone);
  }

  /** Sessions that overlap [from, to), oldest first. */
  sessionsBetween(from: number, to: number): Session[] {
    const found: Session[] = [];
    const last = dayNumber(localDay(to, this.zone));
    for (let n = dayNumber(localDay(from, this.zone)) - 1; n <= last; n++) {
      const session = this.sessionOn(dayString(n));
      if (session !== undefined && session.open < to && session.close > from) found.push(session);
    }
    return found;
  }

  /**
   * How many bars of `stepMs` on the grid from + k·step (k ≥ 1) that start before `to` overlap
   * trading: the bars missing between two bars at `from` and `to` that a gap check should expect.
   */
  tradingBarsBetween(from: number, to: number, stepMs: number): number {
    const last = Math.ceil((to - from) / stepMs) - 1;
    if (this.alwaysOpen) return Math.max(0, last);
    let count = 0;
    let counted = 0; // bars up to this k are counted already (periods come in order)
    for (const session of this.sessionsBetween(from + stepMs, to)) {
      for (const period of session.periods) {
        // Bar k spans [from + k·step, from + (k+1)·step): it overlaps the period when it starts before
        // the period's end and ends after the period's start.
        const first = Math.max(counted + 1, Math.floor((period.start - from) / stepMs - 1) + 1);
        const end = Math.min(last, Math.ceil((period.end - from) / stepMs) - 1);
        if (end >= first) {
          count += end - first + 1;
          counted = end;
        }
      }
    }
    return count;
  }

  /**
   * Bars of `stepMs` in a typical year of this venue, the annualisation factor for per-bar
   * statistics (Sharpe, Sortino, CAGR) on its data: 365 days of bars round the clock; for a venue
   * with sessions, the clock-aligned bars that overlap trading (as tradingBarsBetween counts them),
   * averaged over REFERENCE_YEARS: about 252 daily bars on NYSE, 7 hourly bars a session.
   */
  barsPerYear(stepMs: number): number {
    if (this.alwaysOpen) return YEAR_MS / stepMs;
    let bars = this.annualBars.get(stepMs);
    if (bars === undefined) {
      const from = Date.UTC(REFERENCE_YEARS[0], 0, 1);
      const to = Date.UTC(REFERENCE_YEARS[REFERENCE_YEARS.length - 1] + 1, 0, 1);
      bars = this.tradingBarsBetween(from - stepMs, to, stepMs) / REFERENCE_YEARS.length;
      this.annualBars.set(stepMs, bars);
    }
    return bars;
  }

  /**
   * The open times of the first `count` bars of `stepMs` on the grid from + k·step (k ≥ 0) that
   * overlap trading: a session venue's bar times (clock-aligned bars, as brokers publish them).
   */
  tradingBarTimes(from: number, stepMs: number, count: number): Float64Array {
    const times = new Float64Array(count);
    if (this.alwaysOpen) {
      for (let i = 0; i < count; i++) times[i] = from + i * stepMs;
      return times;
    }
    let filled = 0;
    let nextK = 0;
    let idle = 0;
    for (let n = dayNumber(localDay(from, this.zone)) - 1; filled < count; n++) {
      const session = this.sessionOn(dayString(n));
      if (session === undefined) {
        if (++idle > SEARCH_DAYS) throw new UsageError(`${this.id}: no session within ${SEARCH_DAYS} days`);
        continue;
      }
      idle = 0;
      for (const period of session.periods) {
        const last = Math.ceil((period.end - from) / stepMs) - 1;
        for (let k = Math.max(nextK, Math.floor((period.start - from) / stepMs)); k <= last && filled < count; k++) {
          times[filled++] = from + k * stepMs;
          nextK = k + 1;
        }
      }
    }
    return times;
  }

  private scan(t: number, pick: (period: TradingPeriod) => number | undefined): number {
    const first = dayNumber(localDay(t, this.zone));
    for (let n = first - 1; n <= first + SEARCH_DAYS; n++) {
      for (const period of this.sessionOn(dayString(n))?.periods ?? []) {
        const hit = pick(period);
        if (hit !== undefined) return hit;
      }
    }
    throw new UsageError(`${this.id}: no session within ${SEARCH_DAYS} days of ${new Date(t).toISOString()}`);
  }

  private yearRules(year: number): YearRules {
    let rules = this.years.get(year);
    if (rules === undefined) {
      const holidays = holidaysOf(this.definition, year);
      rules = { holidays, early: earlyClosesOf(this.definition, year, holidays) };
      this.years.set(year, rules);
    }
    return rules;
  }

  private buildSession(day: string): Session | null {
    if (this.closure(day) !== undefined) return null;
    const hours = hoursOn(this.definition.hours, day);
    const early = this.alwaysOpen ? undefined : this.yearRules(Number(day.slice(0, 4))).early.get(day);
    const at = (clock: string) =>
      this.alwaysOpen
        ? dayNumber(day) * DAY_MS + minutesOf(clock) * 60_000
        : zonedInstant(day, minutesOf(clock), this.zone);
    const open = at(hours.open);
    const close = at(early?.close ?? hours.close);
    const periods: TradingPeriod[] = [];
    let start = open;
    for (const [from, to] of hours.breaks ?? []) {
      const breakStart = at(from);
      if (breakStart >= close) break;
      periods.push({ start, end: breakStart });
      start = at(to);
    }
    if (start < close) periods.push({ start, end: close });
    return early === undefined ? { day, open, close, periods } : { day, open, close, periods, earlyClose: early.name };
  }
}

function hoursOn(hours: readonly SessionHours[], day: string): SessionHours {
  let current = hours[0];
  for (const entry of hours) if (entry.from === undefined || entry.from <= day) current = entry;
  return current;
}

const calendars = new Map<string, VenueCalendar>();

/** The calendar of a venue by its id (XNYS, XLON, XETR, XPAR, XTKS, XNAS, CRYPTO). */
export function venueCalendar(id: string): VenueCalendar {
  const key = id.toUpperCase();
  let calendar = calendars.get(key);
  if (calendar === undefined) {
    const definition = VENUE_DEFINITIONS.find((venue) => venue.id === key);
    if (definition === undefined) throw new UsageError(unknownVenueMessage(id));
    calendar = new VenueCalendar(definition);
    calendars.set(key, calendar);
  }
  return calendar;
}

export function isVenue(id: string): boolean {
  return VENUE_IDS.includes(id.toUpperCase());
}

export function unknownVenueMessage(id: string): string {
  return `unknown venue '${id}'${didYouMean(id.toUpperCase(), VENUE_IDS)} (valid: ${VENUE_IDS.join(', ')})`;
}
