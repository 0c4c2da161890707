import type { Position, RoundTrip } from '../core/index.js';
import { roundTrips } from '../runner/index.js';
import { type BotRecord, fillsOf, type LedgerFill, readPosition, type Store } from '../store/index.js';
import { knownBot } from './known-bot.js';

/** The position a bot holds now: a round trip in progress. */
export interface OpenTrade {
  readonly side: 'long' | 'short';
  /** Epoch ms of its first entry fill, on the broker's clock. */
  readonly entryTime: number;
  /** Base-asset units held (unsigned). */
  readonly quantity: number;
  readonly avgPrice: number;
  /** Fees paid on its fills so far. */
  readonly fees: number;
}

/** How many trades a bot made: round trips closed, and whether one is open now. */
export interface TradeCount {
  readonly closed: number;
  readonly open: number;
}

export interface BotTrades {
  readonly bot: string;
  readonly symbol: string;
  readonly since: Date | null;
  /** Round trips closed in the window, oldest first (the newest `limit` when one was given). */
  readonly closed: RoundTrip[];
  /** The position still open, if any: a trade in progress, not counted among `closed`. */
  readonly open: OpenTrade | null;
  readonly totals: { readonly trades: number; readonly wins: number; readonly pnl: number; readonly fees: number };
}

export interface TradeQuery {
  /** Round trips that closed at or after this time (on the broker's clock). */
  readonly since?: Date;
  /** The newest n round trips (still oldest first). Default 100 unless `since` is given. */
  readonly limit?: number;
}

export const DEFAULT_TRADE_LIMIT = 100;

/** A registered bot's round trips and its open position. Unknown bot: UsageError with the closest name. */
export async function botTrades(store: Store, name: string, query: TradeQuery = {}): Promise<BotTrades> {
  const bot = await knownBot(store, name);
  const book = await tradeBook(store, bot);
  const from = query.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const limit = query.limit ?? (query.since === undefined ? DEFAULT_TRADE_LIMIT : undefined);
  const inWindow = book.trips.filter((trip) => trip.exitTime >= from);
  const closed = limit === undefined ? inWindow : inWindow.slice(-limit);
  return {
    bot: bot.name,
    symbol: bot.symbol,
    since: query.since ?? null,
    closed,
    open: book.open,
    totals: {
      trades: closed.length,
      wins: closed.filter((trip) => trip.pnl > 0).length,
      pnl: closed.reduce((sum, trip) => sum + trip.pnl, 0),
      fees: closed.reduce((sum, trip) => sum + trip.fees, 0),
    },
  };
}

/** Every fill of the bot paired into round trips, with the trade still open. */
export interface TradeBook {
  readonly fills: LedgerFill[];
  /** The ledger's position in the bot's symbol (dust included). */
  readonly position: Position;
  readonly trips: RoundTrip[];
  readonly open: OpenTrade | null;
}

/** The bot's whole history of fills, paired: what fleet trades, fleet pnl and fleet ls count from. */
export async function tradeBook(store: Store, bot: BotRecord): Promise<TradeBook> {
  const fills = await fillsOf(store, bot.name);
  const trips = roundTrips(fills.map((fill) => ({ ...fill, time: fill.time.getTime() })));
  const position = await readPosition(store, bot.name, bot.symbol);
  return { fills, trips, position, open: openTrade(fills, position) };
}

/** Closed round trips and open ones (0 or 1), the way fleet ls and fleet pnl show them. */
export const countTrades = (book: Pick<TradeBook, 'trips' | 'open'>): TradeCount => ({
  closed: book.trips.length,
  open: book.open === null ? 0 : 1,
});

/**
 * The position as a trade in progress: the fills since the bot was last flat (or since a
 * flattening order closed a trip, LedgerFill.closesPosition). What such an order left behind (less
 * than a lot step) is dust, not a trade, until a fill adds to it.
 */
function openTrade(fills: readonly LedgerFill[], position: Position): OpenTrade | null {
  if (position.quantity === 0) return null;
  const since = fills.slice(openFrom(fills));
  if (since.length === 0) return null;
  return {
    side: position.quantity > 0 ? 'long' : 'short',
    entryTime: since[0].time.getTime(),
    quantity: Math.abs(position.quantity),
    avgPrice: position.avgPrice,
    fees: since.reduce((sum, fill) => sum + fill.fee, 0),
  };
}

/** Index of the first fill of the trip still open, walking the position as roundTrips does. */
function openFrom(fills: readonly LedgerFill[]): number {
  let position = 0;
  let start = 0;
  fills.forEach((fill, i) => {
    const before = position;
    position += fill.side === 'buy' ? fill.quantity - fill.baseFee : -(fill.quantity + fill.baseFee);
    if (Math.abs(position) <= 1e-12 * Math.max(1, Math.abs(before)) || fill.closesPosition) start = i + 1;
    else if (before !== 0 && Math.sign(position) !== Math.sign(before)) start = i;
  });
  return start;
}
