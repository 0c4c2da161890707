import { UsageError } from '../core/index.js';
import { knownBot } from '../fleet/index.js';
import { type EquityPoint, equityOf, type Store } from '../store/index.js';
import { type FleetRow, fleetView } from './fleet-view.js';

/** Equity points the bot page draws at most: the newest ones (a sandbox bot at speed makes many). */
export const DEFAULT_EQUITY_POINTS = 5000;

/** A bot's row of the fleet view. Unknown bot: UsageError with the closest name. */
export async function botSummary(store: Store, name: string, now = Date.now()): Promise<FleetRow> {
  const bot = await knownBot(store, name);
  const row = (await fleetView(store, now)).bots.find((candidate) => candidate.name === bot.name);
  // Deleted between the two reads.
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
