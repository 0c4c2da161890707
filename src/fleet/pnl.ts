import { type BotRecord, type EquityPoint, equityOf, latestEquity, listBots, type Store } from '../store/index.js';
import { tradeBook } from './trades.js';

export interface BotPnl {
  readonly bot: string;
  readonly mode: BotRecord['mode'];
  readonly symbol: string;
  /** Net P&L (fees included) of the round trips closed in the window. */
  readonly realised: number;
  /** Fees of every fill in the window. */
  readonly fees: number;
  /** Round trips (flat → position → flat) closed in the window. */
  readonly tradesClosed: number;
  /** 1 when the bot holds a position now (a round trip in progress, not among the closed), else 0. */
  readonly tradesOpen: number;
  /** Of those, how many made money after fees. */
  readonly wins: number;
  /** The open position marked at the latest equity point's price, against its average entry price. */
  readonly unrealised: number;
  /** Latest equity (cash + position at the mark); the capital when the bot has no equity point yet. */
  readonly equity: number;
  /**
   * Equity at the end of the window minus equity at its start (the first point in the window);
   * without a window, minus the bot's capital.
   */
  readonly equityChange: number;
}

export interface FleetPnl {
  /** Start of the window; null = the bot's whole history. */
  readonly since: Date | null;
  readonly bots: BotPnl[];
  readonly totals: Omit<BotPnl, 'bot' | 'mode' | 'symbol'>;
}

/** Profit and loss of every registered bot over a window, from the ledger's fills and equity. */
export async function fleetPnl(store: Store, options: { since?: Date } = {}): Promise<FleetPnl> {
  const bots = await listBots(store);
  const latest = await latestEquity(store);
  const rows: BotPnl[] = [];
  for (const bot of bots) rows.push(await botPnl(store, bot, latest.get(bot.name), options.since));
  const sum = (pick: (row: BotPnl) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    since: options.since ?? null,
    bots: rows,
    totals: {
      realised: sum((row) => row.realised),
      fees: sum((row) => row.fees),
      tradesClosed: sum((row) => row.tradesClosed),
      tradesOpen: sum((row) => row.tradesOpen),
      wins: sum((row) => row.wins),
      unrealised: sum((row) => row.unrealised),
      equity: sum((row) => row.equity),
      equityChange: sum((row) => row.equityChange),
    },
  };
}

async function botPnl(
  store: Store,
  bot: BotRecord,
  mark: EquityPoint | undefined,
  since: Date | undefined,
): Promise<BotPnl> {
  // Pair over the whole history so a trip opened before the window and closed in it counts.
  const book = await tradeBook(store, bot);
  const from = since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const trips = book.trips.filter((trip) => trip.exitTime >= from);
  const fees = book.fills.filter((fill) => fill.time.getTime() >= from).reduce((total, fill) => total + fill.fee, 0);
  const { position } = book;
  const unrealised =
    mark?.price != null && position.quantity !== 0 ? position.quantity * (mark.price - position.avgPrice) : 0;
  const equity = mark?.equity ?? bot.capital;
  let equityChange = equity - bot.capital;
  if (since !== undefined) {
    const window = await equityOf(store, bot.name, { since });
    equityChange = window.length === 0 ? 0 : (window.at(-1)?.equity ?? 0) - window[0].equity;
  }
  return {
    bot: bot.name,
    mode: bot.mode,
    symbol: bot.symbol,
    realised: trips.reduce((total, trip) => total + trip.pnl, 0),
    fees,
    tradesClosed: trips.length,
    tradesOpen: book.open === null ? 0 : 1,
    wins: trips.filter((trip) => trip.pnl > 0).length,
    unrealised,
    equity,
    equityChange,
  };
}
