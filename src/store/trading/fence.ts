import { type Kysely, type RawBuilder, sql } from 'kysely';
import { FencedOutError, type LeaseFence } from '../../core/index.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';

/**
 * Checks, inside the caller's transaction, that `fence` is still the bot's current lease token,
 * and locks the lease row until the transaction ends: a runner taking the lease over waits for
 * this write to commit, and a write that comes after the takeover finds the new token and is
 * refused (FencedOutError, so the transaction rolls back and nothing of it is written). One
 * statement, correct on both backends: on a server the row lock orders the two; on embedded the
 * one session runs a transaction's statements without interleaving others.
 */
export async function checkFence(db: Kysely<Database>, fence: LeaseFence): Promise<void> {
  const row = await db
    .selectFrom('bot_runtime')
    .select('fence')
    .where('bot', '=', fence.bot)
    .forUpdate()
    .executeTakeFirst();
  const current = row === undefined ? undefined : Number(row.fence);
  if (current !== fence.token) throw fencedOut(fence, current);
}

export const fencedOut = (fence: LeaseFence, current: number | undefined): FencedOutError =>
  new FencedOutError(
    `bot '${fence.bot}' was taken over by another runner (lease token ${fence.token}, now ${current ?? 'none'}); this runner stops here and writes nothing`,
  );

/**
 * A CTE `lease` that holds one row, locked, while `fence` is current and none otherwise: a single
 * statement `WITH lease … INSERT … SELECT … FROM lease` or `UPDATE … FROM lease` writes only under
 * the current token, in one round trip (the row lock orders it with a takeover as checkFence does).
 */
export const leaseGuard = (fence: LeaseFence): RawBuilder<unknown> =>
  sql`lease AS (SELECT 1 AS held FROM bot_runtime WHERE bot = ${fence.bot} AND fence = ${fence.token} FOR UPDATE)`;

/** After a lease-guarded statement wrote nothing: throws FencedOutError if the token moved on. */
export async function stillFenced(db: Kysely<Database>, fence: LeaseFence): Promise<void> {
  const row = await db.selectFrom('bot_runtime').select('fence').where('bot', '=', fence.bot).executeTakeFirst();
  const current = row === undefined ? undefined : Number(row.fence);
  if (current !== fence.token) throw fencedOut(fence, current);
}

/**
 * Runs `work` in one transaction that first checks the fence; without a fence (a command, not a
 * runner), `work` runs on the store as it is.
 */
export function fencedWrite<T>(
  store: Store,
  fence: LeaseFence | undefined,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (fence === undefined) return work(store.db);
  return store.db.transaction().execute(async (tx) => {
    await checkFence(tx, fence);
    return work(tx);
  });
}
