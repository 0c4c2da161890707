import { type VenueCalendar, venueCalendar } from './venue-calendar.js';

/** Exchanges whose instruments are stocks on one venue unless a bot says otherwise. */
const STOCK_EXCHANGES: Readonly<Record<string, string>> = { alpaca: 'XNYS' };

/**
 * The calendar an instrument trades on: the venue a bot declares (fleet.config.json `venue`), else
 * the one its exchange implies (Alpaca: NYSE), else crypto's, which never closes. A sandbox bot
 * with a venue is the sandbox's equity mode.
 */
export function instrumentVenue(instrument: {
  readonly exchange: string;
  readonly symbol?: string;
  readonly venue?: string;
}): VenueCalendar {
  return venueCalendar(instrument.venue ?? STOCK_EXCHANGES[instrument.exchange] ?? 'CRYPTO');
}
