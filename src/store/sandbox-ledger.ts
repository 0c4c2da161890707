import { sql } from 'kysely';
import {
  type ClockAnchor,
  type SandboxAccountState,
  type SandboxCommit,
  SandboxConflictError,
  type SandboxLedger,
  type SandboxOrder,
} from '../core/index.js';
import type { Store } from './store.js';
import { checkFence } from './trading/fence.js';

const OPEN_STATUSES = ['open', 'partially_filled'];

/**
 * The sandbox exchange's books in the database, so the exchange outlives the processes trading on
 * it. Accounts and orders are jsonb: JSON carries a double's shortest decimal form and jsonb keeps
 * that decimal exactly, so every number reads back bit-identical.
 */
export class StoreSandboxLedger implements SandboxLedger {
  constructor(private readonly store: Store) {}

  async loadAccount(account: string): Promise<SandboxAccountState | undefined> {
    const row = await this.store.db
      .selectFrom('sandbox_accounts')
      .select('state')
      .where('account', '=', account)
      .executeTakeFirst();
    return row?.state as SandboxAccountState | undefined;
  }

  async findOrder(account: string, clientOrderId: string): Promise<SandboxOrder | undefined> {
    const row = await this.store.db
      .selectFrom('sandbox_orders')
      .select('data')
      .where('account', '=', account)
      .where('client_order_id', '=', clientOrderId)
      .executeTakeFirst();
    return row?.data as SandboxOrder | undefined;
  }

  async openOrders(account: string): Promise<SandboxOrder[]> {
    const rows = await this.store.db
      .selectFrom('sandbox_orders')
      .select('data')
      .where('account', '=', account)
      .where('status', 'in', OPEN_STATUSES)
      // Orders placed in the same millisecond keep a stable order: by id.
      .orderBy('placed_at')
      .orderBy('client_order_id')
      .execute();
    return rows.map((row) => row.data as SandboxOrder);
  }

  /**
   * Guarded updates, never a whole-state overwrite: the account row is written only where it still
   * holds the state the exchange read (jsonb equality: any change made under the exchange, cash
   * added by hand included, is seen), each order only where its row is still as read, and a new
   * order only where its id is free. Anything else rolls the whole commit back with
   * SandboxConflictError. A fence is checked first, in the same transaction.
   */
  async loadBooks(account: string): Promise<{ state: SandboxAccountState | undefined; open: SandboxOrder[] }> {
    // Orders placed in the same millisecond keep a stable order: by id (as openOrders).
    const result = await sql<{ state: SandboxAccountState | null; open: SandboxOrder[] }>`
      SELECT (SELECT state FROM sandbox_accounts WHERE account = ${account}) AS state,
        coalesce((SELECT jsonb_agg(data ORDER BY placed_at, client_order_id) FROM sandbox_orders
          WHERE account = ${account} AND status IN ('open', 'partially_filled')), '[]'::jsonb) AS open`.execute(
      this.store.db,
    );
    const row = result.rows[0];
    return { state: row?.state ?? undefined, open: row?.open ?? [] };
  }

  async commit(account: string, change: SandboxCommit): Promise<void> {
    await this.store.db.transaction().execute(async (tx) => {
      if (change.fence !== undefined) await checkFence(tx, change.fence);
      if (change.after !== undefined) {
        const state = JSON.stringify(change.after);
        const written =
          change.before === undefined
            ? await tx
                .insertInto('sandbox_accounts')
                .values({ account, state })
                .onConflict((oc) => oc.column('account').doNothing())
                .executeTakeFirst()
                .then((result) => result.numInsertedOrUpdatedRows ?? 0n)
            : await tx
                .updateTable('sandbox_accounts')
                .set({ state, updated_at: sql`now()` })
                .where('account', '=', account)
                .where(sql<boolean>`state = ${JSON.stringify(change.before)}::jsonb`)
                .executeTakeFirst()
                .then((result) => result.numUpdatedRows);
        if (written === 0n) throw new SandboxConflictError(account, 'its cash, positions or matching changed');
      }
      for (const { before, after } of change.orders) {
        const row = { status: after.status, placed_at: after.placedAt, data: JSON.stringify(after) };
        const written =
          before === undefined
            ? await tx
                .insertInto('sandbox_orders')
                .values({ account, client_order_id: after.clientOrderId, ...row })
                .onConflict((oc) => oc.columns(['account', 'client_order_id']).doNothing())
                .executeTakeFirst()
                .then((result) => result.numInsertedOrUpdatedRows ?? 0n)
            : await tx
                .updateTable('sandbox_orders')
                .set(row)
                .where('account', '=', account)
                .where('client_order_id', '=', after.clientOrderId)
                .where(sql<boolean>`data = ${JSON.stringify(before)}::jsonb`)
                .executeTakeFirst()
                .then((result) => result.numUpdatedRows);
        if (written === 0n) {
          throw new SandboxConflictError(account, `order ${after.clientOrderId} is not as it was read`);
        }
      }
    });
  }

  async clockAnchor(name: string, proposed: ClockAnchor): Promise<ClockAnchor> {
    return this.store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('sandbox_clocks')
        .values({
          name,
          sim_origin: Math.floor(proposed.simOrigin),
          real_origin: Math.floor(proposed.realOrigin),
          speed: proposed.speed,
        })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      // Locked, so two processes changing the speed at once re-anchor one after the other.
      const row = await tx
        .selectFrom('sandbox_clocks')
        .select(['sim_origin', 'real_origin', 'speed'])
        .where('name', '=', name)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const stored = { simOrigin: Number(row.sim_origin), realOrigin: Number(row.real_origin), speed: row.speed };
      if (stored.speed === proposed.speed) return stored;
      // A new speed continues from the simulated time reached: time never runs backwards.
      const now = Date.now();
      const anchor = {
        simOrigin: Math.floor(stored.simOrigin + (now - stored.realOrigin) * stored.speed),
        realOrigin: now,
        speed: proposed.speed,
      };
      await tx
        .updateTable('sandbox_clocks')
        .set({ sim_origin: anchor.simOrigin, real_origin: anchor.realOrigin, speed: anchor.speed })
        .where('name', '=', name)
        .execute();
      return anchor;
    });
  }
}
