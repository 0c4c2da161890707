import { type LedgerOrder, ordersOf, type Store } from '../store/index.js';
import { knownBot } from './known-bot.js';

export interface OrderQuery {
  /** Orders created at or after this time. */
  readonly since?: Date;
  /** The newest n (still oldest first). Default 100 unless `since` is given. */
  readonly limit?: number;
}

export const DEFAULT_ORDER_LIMIT = 100;

/**
 * A registered bot's order history from the ledger, oldest first: every order it persisted, with
 * the state it ended in (or is in) and why. Unknown bot: UsageError with the closest name.
 */
export async function botOrders(store: Store, name: string, query: OrderQuery = {}): Promise<LedgerOrder[]> {
  const bot = await knownBot(store, name);
  const limit = query.limit ?? (query.since === undefined ? DEFAULT_ORDER_LIMIT : undefined);
  return ordersOf(store, bot.name, {
    ...(query.since === undefined ? {} : { since: query.since }),
    ...(limit === undefined ? {} : { limit }),
  });
}
