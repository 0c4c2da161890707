import { sql } from 'kysely';
import type { ClockAnchor, SandboxAccountState, SandboxLedger, SandboxOrder } from '../core/index.js';
import type { Store } from './store.js';

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

  async commit(account: string, state: SandboxAccountState, orders: readonly SandboxOrder[]): Promise<void> {
    await this.store.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('sandbox_accounts')
        .values({ account, state: JSON.stringify(state) })
        .onConflict((oc) => oc.column('account').doUpdateSet({ state: JSON.stringify(state), updated_at: sql`now()` }))
        .execute();
      for (const order of orders) {
        const row = { status: order.status, placed_at: order.placedAt, data: JSON.stringify(order) };
        await tx
          .insertInto('sandbox_orders')
          .values({ account, client_order_id: order.clientOrderId, ...row })
          .onConflict((oc) => oc.columns(['account', 'client_order_id']).doUpdateSet(row))
          .execute();
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
