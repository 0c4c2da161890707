import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';

/**
 * The sandbox-ledger accounts a bot trades paper on: the sandbox exchange's (named after the bot)
 * and the paper broker's over a real exchange's prices (`paper:<bot>`), as src/runner/assemble.ts
 * names them.
 */
const paperAccountsOf = (bot: string): string[] => [bot, paperAccountName(bot)];

/** The paper broker's account for a bot on a real exchange's prices. */
export const paperAccountName = (bot: string): string => `paper:${bot}`;

/**
 * Deletes the bot's paper accounts and their orders, so its next paper broker opens a new account
 * with the bot's capital (a broker creates a missing account with its initial cash).
 */
export async function deletePaperAccounts(db: Kysely<Database>, bot: string): Promise<void> {
  const accounts = paperAccountsOf(bot);
  await db.deleteFrom('sandbox_orders').where('account', 'in', accounts).execute();
  await db.deleteFrom('sandbox_accounts').where('account', 'in', accounts).execute();
}

/**
 * Deletes every trace of a bot: its rows in every table and its paper accounts. For throwaway
 * bots (replays) only; a real bot's history is its audit trail and is never deleted by fleet.
 */
export async function deleteBot(store: Store, name: string): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('fills')
      .where('order_id', 'in', tx.selectFrom('orders').select('id').where('bot', '=', name))
      .execute();
    for (const table of ['orders', 'positions', 'equity', 'events'] as const) {
      await tx.deleteFrom(table).where('bot', '=', name).execute();
    }
    await deletePaperAccounts(tx, name);
    await tx.deleteFrom('bot_flags').where('bot', '=', name).execute();
    await tx.deleteFrom('bots').where('name', '=', name).execute();
  });
}
