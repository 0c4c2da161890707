/**
 * Wall-clock time in an IANA zone through Intl (Node ships full ICU), no library: the instant of a
 * venue's local time on a day, and the local day of an instant. Daylight-saving shifts are the
 * zone's own; sessions never start inside a shifted hour, so the one-step correction suffices.
 */
import { dayNumber, dayString } from './civil-day.js';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

/** Local wall-clock fields of an instant, as a UTC timestamp (the zone's offset added). */
function wallClock(t: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(t)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
}

/** The zone's offset from UTC at `t`, in ms (New York in winter: -5 h). */
export function zoneOffsetMs(t: number, zone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallClock(whole, zone) - whole;
}

/** The instant at which the clocks of `zone` show `minutes` past midnight on `day`. */
export function zonedInstant(day: string, minutes: number, zone: string): number {
  const local = dayNumber(day) * DAY_MS + minutes * 60_000;
  const guess = local - zoneOffsetMs(local, zone);
  const offset = zoneOffsetMs(guess, zone);
  return local - offset;
}

/** The calendar day in `zone` at instant `t`. */
export function localDay(t: number, zone: string): string {
  return dayString(Math.floor((t + zoneOffsetMs(t, zone)) / DAY_MS));
}

/** 'HH:MM' → minutes past midnight ('24:00' allowed for a session that runs to midnight). */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** True when Intl knows the zone. */
export function isZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}
