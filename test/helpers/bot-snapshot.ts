import { sql } from 'kysely';
import type { Store } from '../../src/store/index.js';

/**
 * Every row a runner could write for `bot` (orders, fills, positions, equity, events, runtime,
 * flags) and its sandbox account's books, as one value: equal snapshots mean nothing was written.
 */
export async function botSnapshot(store: Store, bot: string): Promise<Record<string, unknown[]>> {
  const rows = async (table: string, column: string) =>
    (
      await sql<{
        row: unknown;
      }>`SELECT to_jsonb(t) AS row FROM ${sql.table(table)} t WHERE ${sql.ref(column)} = ${bot} ORDER BY to_jsonb(t)::text`.execute(
        store.db,
      )
    ).rows.map((r) => r.row);
  return {
    orders: await rows('orders', 'bot'),
    fills: await rows('fills', 'bot'),
    positions: await rows('positions', 'bot'),
    equity: await rows('equity', 'bot'),
    events: await rows('events', 'bot'),
    runtime: await rows('bot_runtime', 'bot'),
    flags: await rows('bot_flags', 'bot'),
    account: await rows('sandbox_accounts', 'account'),
    exchangeOrders: await rows('sandbox_orders', 'account'),
  };
}
