import type { VenueCalendar } from '../calendar/index.js';

/** A venue opening or closing, as the runner records it (kind market_open or market_closed). */
export interface SessionEvent {
  readonly level: 'info';
  readonly kind: 'market_open' | 'market_closed';
  readonly message: string;
  readonly data: Record<string, unknown>;
}

const at = (t: number) => new Date(t).toISOString();

/**
 * Notices the venue's opens and closes between ticks, so each becomes one event (and one line of
 * the run): a closed market is the calendar's doing, not a stalled feed. The first look only
 * learns the state.
 */
export class SessionWatch {
  private open: boolean | undefined;

  constructor(private readonly calendar: VenueCalendar) {}

  /** The event for a change since the last look, if the market opened or closed in between. */
  look(now: number): SessionEvent | undefined {
    const session = this.calendar.sessionAt(now);
    const before = this.open;
    this.open = session !== undefined;
    if (before === undefined || before === this.open) return undefined;
    const venue = this.calendar.id;
    if (session !== undefined) {
      const early = session.earlyClose === undefined ? '' : ` (early close: ${session.earlyClose})`;
      return {
        level: 'info',
        kind: 'market_open',
        message: `${venue} open: session ${session.day} from ${at(session.open)} to ${at(session.close)}${early}`,
        data: { venue, day: session.day, open: session.open, close: session.close },
      };
    }
    const nextOpen = this.calendar.nextOpen(now);
    return {
      level: 'info',
      kind: 'market_closed',
      message: `${venue} closed: sleeping until it opens at ${at(nextOpen)}`,
      data: { venue, nextOpen },
    };
  }
}
