import type { VenueCalendar } from '../calendar/index.js';

/**
 * From when a decision on a bar closing at `barClose` ages, for the stale-data rail: the bar's
 * close, or, when the market was shut at that close (a session's last bar), the next open. An
 * order decided at the close and sent at the open (a reversal's entry, one resumed after a restart)
 * acts on the freshest bar there is: a night without trading is not stale data.
 */
export function agesFrom(calendar: VenueCalendar | undefined, barClose: number): number {
  if (calendar === undefined || calendar.alwaysOpen || calendar.isOpen(barClose)) return barClose;
  return calendar.nextOpen(barClose);
}
