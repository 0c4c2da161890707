import { bpsToRate, type Costs, marketFillPrice } from '../backtest/index.js';
import type { VenueCalendar } from '../calendar/index.js';
import type { Broker, LeaseFence } from '../core/index.js';
import type { RiskLimits } from '../risk/index.js';
import type { BotMode, Store } from '../store/index.js';
import type { StrategyRisk } from '../strategy/index.js';
import type { ActivityEvent } from './activity.js';
import { Booking } from './booking.js';
import { OrderRate } from './order-rate.js';

export interface DeskOptions {
  readonly store: Store;
  readonly bot: string;
  readonly symbol: string;
  readonly mode: BotMode;
  readonly broker: Broker;
  readonly costs: Costs;
  readonly risk: StrategyRisk;
  readonly limits: RiskLimits;
  readonly timeframeMs: number;
  /** The venue's calendar: outside its sessions the market_closed rail refuses orders. */
  readonly calendar?: VenueCalendar;
  /** The spec's risk.extended_hours: orders may go out while the session is closed. */
  readonly extendedHours?: boolean;
  /** The clock the rails judge staleness and order rate by. */
  readonly now: () => number;
  /** Told of each order and fill event once it is in the database. */
  readonly onActivity?: (event: ActivityEvent) => void;
  /** The runner's lease: every write the desk makes is made only while it is current. */
  readonly fence: () => LeaseFence | undefined;
}

/**
 * What the order desk's parts share: its options, the bot's book and the reports that move it
 * (Booking), the orders sent lately (for the order-rate rail), and the market's dust.
 */
export interface DeskParts {
  readonly options: DeskOptions;
  readonly booking: Booking;
  readonly rate: OrderRate;
  /** Positions smaller than this are dust the market will not take (Broker.minimumQuantity). */
  dust: number;
}

export function createDeskParts(options: DeskOptions): DeskParts {
  return {
    options,
    booking: new Booking(options.store, options.bot, options.broker.name, options.onActivity, options.fence),
    rate: new OrderRate(),
    dust: 0,
  };
}

/**
 * No position, or only dust: nothing to exit or protect, and room for an entry. Fills the broker
 * reported but has not listed yet count: an entry filled at the exchange is a position there.
 */
export function isFlat(desk: DeskParts): boolean {
  const held = Math.abs(desk.booking.expected.position);
  return held === 0 || held < desk.dust;
}

/** Where a market order is expected to fill, as the backtest fills one: the last price plus slippage. */
export function marketPrice(desk: DeskParts, last: number, buy: boolean): number {
  return marketFillPrice(last, buy, bpsToRate(desk.options.costs.slippageBps));
}

/** The lease the desk writes under; a desk is only used by a runner that holds one. */
export function deskLease(desk: DeskParts): LeaseFence {
  const fence = desk.options.fence();
  if (fence === undefined) throw new Error(`${desk.options.bot}: no lease to send or cancel orders under`);
  return fence;
}
