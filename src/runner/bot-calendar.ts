import { instrumentVenue, type VenueCalendar } from '../calendar/index.js';
import type { BotRecord } from '../store/index.js';

/** The calendar a registered bot trades on: its declared venue, else its exchange's (crypto's by default). */
export function botCalendar(bot: Pick<BotRecord, 'exchange' | 'symbol' | 'config'>): VenueCalendar {
  const venue = bot.config.venue;
  return instrumentVenue({
    exchange: bot.exchange,
    symbol: bot.symbol,
    venue: typeof venue === 'string' ? venue : undefined,
  });
}
