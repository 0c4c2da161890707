/** How a file wrote its times. */
export type TimestampFormat = 'milliseconds' | 'seconds' | 'iso';

export interface ParsedTimestamp {
  readonly ms: number;
  readonly format: TimestampFormat;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// A date, optionally a time (T or space), optionally a zone: Z, +hh:mm, +hhmm or +hh.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// Epoch seconds reach 1e11 only in the year 5138; epoch ms fell below it in March 1973.
const SECONDS_LIMIT = 1e11;
// The range of a JavaScript Date.
const MAX_TIME_MS = 8.64e15;

/** A plain decimal number; rejects what Number() would also take (hex, Infinity, blanks). */
export function parseNumberCell(cell: string): number | undefined {
  return NUMBER.test(cell) ? Number(cell) : undefined;
}

/**
 * Epoch milliseconds, epoch seconds (|value| < 1e11) or ISO-8601. An ISO time without a zone is
 * taken as UTC, never as the machine's local time, so a file reads the same everywhere.
 */
export function parseTimestamp(cell: string): ParsedTimestamp | undefined {
  const value = parseNumberCell(cell);
  if (value !== undefined) {
    if (Math.abs(value) < SECONDS_LIMIT) return { ms: Math.round(value * 1000), format: 'seconds' };
    return Number.isSafeInteger(value) && Math.abs(value) <= MAX_TIME_MS
      ? { ms: value, format: 'milliseconds' }
      : undefined;
  }
  const ms = parseIso(cell);
  return ms === undefined ? undefined : { ms, format: 'iso' };
}

function parseIso(cell: string): number | undefined {
  const match = ISO.exec(cell);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millisecond = fraction === '' ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO-8601 UTC, without milliseconds when they are zero: 2024-01-05T10:00:00Z. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** A duration in the largest unit that divides it evenly: 1d, 90m, 45s, 1500ms. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export const TIMESTAMP_FORMAT_NAMES: Record<TimestampFormat, string> = {
  milliseconds: 'epoch milliseconds',
  seconds: 'epoch seconds',
  iso: 'ISO-8601',
};
