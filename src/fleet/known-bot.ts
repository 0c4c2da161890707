import { didYouMean, UsageError } from '../core/index.js';
import { type BotRecord, getBot, listBots, type Store } from '../store/index.js';

/** The registered bot of that name; a UsageError with the closest registered name otherwise. */
export async function knownBot(store: Store, name: string): Promise<BotRecord> {
  const bot = await getBot(store, name);
  if (bot !== undefined) return bot;
  const names = (await listBots(store)).map((known) => known.name);
  const hint = names.length === 0 ? ' (no bots are registered: run fleet register)' : didYouMean(name, names);
  throw new UsageError(`unknown bot '${name}'${hint}`);
}
