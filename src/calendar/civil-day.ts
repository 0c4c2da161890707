/**
 * Calendar days as 'YYYY-MM-DD' strings and as day numbers (days since 1970-01-01), the arithmetic
 * the holiday rules need: weekdays, the n-th weekday of a month, Easter Sunday.
 */

const DAY_MS = 86_400_000;

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

export function dayOf(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

export function dayString(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(n: number): Weekday {
  return ((((n + 4) % 7) + 7) % 7) as Weekday; // 1970-01-01 was a Thursday
}

export function isWeekend(n: number): boolean {
  const weekday = weekdayOf(n);
  return weekday === 0 || weekday === 6;
}

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && dayString(dayNumber(value)) === value;
}

/** The n-th (1-based) `weekday` of a month, or with n < 0 the n-th from the end (-1 = the last). */
export function nthWeekday(year: number, month: number, weekday: Weekday, n: number): number {
  if (n > 0) {
    const first = dayOf(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayOf(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7) + (n + 1) * 7;
}

/** Easter Sunday of the Gregorian calendar (the anonymous algorithm of Nature, 1876). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, date);
}
