import type { Store } from './store.js';

/**
 * Deletes every trace of a bot: its rows in every table and its sandbox account. For throwaway
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
    await tx.deleteFrom('sandbox_orders').where('account', '=', name).execute();
    await tx.deleteFrom('sandbox_accounts').where('account', '=', name).execute();
    await tx.deleteFrom('bot_flags').where('bot', '=', name).execute();
    await tx.deleteFrom('bots').where('name', '=', name).execute();
  });
}
