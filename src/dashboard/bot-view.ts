import { UsageError } from '../core/index.js';
import { knownBot } from '../fleet/index.js';
import { type EquityPoint, equityOf, type Store } from '../store/index.js';
import type { FleetRow, FleetView } from './fleet-view.js';
import type { SharedRead } from './shared-read.js';

/** Equity points the bot page draws at most: the newest ones (a sandbox bot at speed makes many). */
export const DEFAULT_EQUITY_POINTS = 5000;

/** A bot's row of the fleet view. Unknown bot: UsageError with the closest name. */
export async function botSummary(store: Store, name: string, view: SharedRead<FleetView>): Promise<FleetRow> {
  const bot = await knownBot(store, name);
  const find = async () => (await view.get()).bots.find((candidate) => candidate.name === bot.name);
  let row = await find();
  if (row === undefined) {
    // Registered after the shared view was read: read again.
    view.invalidate();
    row = await find();
  }
  if (row === undefined) throw new UsageError(`unknown bot '${name}'`);
  return row;
}

/** The bot's equity curve, oldest first: the newest `limit` points. Unknown bot: UsageError. */
export async function botEquity(
  store: Store,
  name: string,
  limit = DEFAULT_EQUITY_POINTS,
): Promise<{ bot: string; points: EquityPoint[] }> {
  const bot = await knownBot(store, name);
  return { bot: bot.name, points: await equityOf(store, bot.name, { limit }) };
}
