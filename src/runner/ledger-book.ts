import { FleetError } from '../core/index.js';
import { type BotRuntime, readPosition, readRuntime, type Store } from '../store/index.js';
import type { BotRun } from './bot-run.js';

/**
 * Reads the bot's book (position, average price, cash) back from the ledger into its desk: on
 * boot, and after a tick that failed part-way, since only the database knows which of its writes
 * committed. Returns the runtime row it read the cash from.
 */
export async function reloadBook(run: BotRun): Promise<BotRuntime> {
  const { store, bot } = run.options;
  const position = await readPosition(store, bot.name, bot.symbol);
  const runtime = await registeredRuntime(store, bot.name);
  run.desk.book = { position: position.quantity, avgPrice: position.avgPrice, cash: runtime.cash };
  return runtime;
}

/** The bot's runtime row; a bot without one was never registered. */
export async function registeredRuntime(store: Store, bot: string): Promise<BotRuntime> {
  const runtime = await readRuntime(store, bot);
  if (runtime === undefined) throw new FleetError(`bot '${bot}' is not registered (run fleet up or fleet register)`);
  return runtime;
}
