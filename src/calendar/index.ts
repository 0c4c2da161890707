export type { Weekday } from './civil-day.js';
export { instrumentVenue } from './instrument-venue.js';
export {
  isVenue,
  type Session,
  type TradingPeriod,
  unknownVenueMessage,
  VenueCalendar,
  venueCalendar,
} from './venue-calendar.js';
export type { DayRule, EarlyCloseRule, HolidayRule, Observance, SessionHours, VenueDefinition } from './venue-rules.js';
export { VENUE_DEFINITIONS, VENUE_IDS } from './venues.js';
