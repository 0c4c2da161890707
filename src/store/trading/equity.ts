import { type Selectable, sql } from 'kysely';
import type { LeaseFence } from '../../core/index.js';
import type { EquityTable } from '../schema.js';
import type { Store } from '../store.js';
import { leaseGuard, stillFenced } from './fence.js';

export interface EquityPoint {
  readonly bot: string;
  readonly time: Date;
  readonly cash: number;
  /** Cash plus the position marked at `price`. */
  readonly equity: number;
  /** Signed base-asset units held. */
  readonly position: number;
  /** The mark price; null when there was none (e.g. flat before the first bar). */
  readonly price: number | null;
}

/**
 * Records a point; a second point of the same bot at the same time replaces the first. Given a
 * runner's fence, only while it is current: one statement whose first step locks the lease row
 * with the token (a CTE `SELECT … FOR UPDATE`), written once a bar by every runner, so it costs
 * no extra round trip.
 */
export async function recordEquity(store: Store, point: EquityPoint, fence?: LeaseFence): Promise<void> {
  const values = {
    cash: String(point.cash),
    equity: String(point.equity),
    position: String(point.position),
    price: point.price === null ? null : String(point.price),
  };
  if (fence === undefined) {
    await store.db
      .insertInto('equity')
      .values({ bot: point.bot, ts: point.time, ...values })
      .onConflict((oc) => oc.columns(['bot', 'ts']).doUpdateSet(values))
      .execute();
    return;
  }
  const result = await sql<{ ok: number }>`
    WITH ${leaseGuard(fence)}
    INSERT INTO equity (bot, ts, cash, equity, position, price)
    SELECT ${point.bot}, ${point.time}::timestamptz, ${values.cash}::numeric, ${values.equity}::numeric,
      ${values.position}::numeric, ${values.price}::numeric FROM lease
    ON CONFLICT (bot, ts) DO UPDATE SET cash = excluded.cash, equity = excluded.equity,
      position = excluded.position, price = excluded.price
    RETURNING 1 AS ok`.execute(store.db);
  if (result.rows.length === 0) await stillFenced(store.db, fence);
}

/** The bot's points at or after `since`, oldest first; `limit` keeps the newest n. */
export async function equityOf(
  store: Store,
  bot: string,
  options: { since?: Date; limit?: number } = {},
): Promise<EquityPoint[]> {
  let query = store.db.selectFrom('equity').selectAll().where('bot', '=', bot);
  if (options.since !== undefined) query = query.where('ts', '>=', options.since);
  query = options.limit === undefined ? query.orderBy('ts') : query.orderBy('ts', 'desc').limit(options.limit);
  const rows = await query.execute();
  if (options.limit !== undefined) rows.reverse();
  return rows.map(toPoint);
}

/** The newest point of every bot that has one, by bot name. */
export async function latestEquity(store: Store): Promise<Map<string, EquityPoint>> {
  const rows = await store.db
    .selectFrom('equity')
    .selectAll()
    .distinctOn('bot')
    .orderBy('bot')
    .orderBy('ts', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.bot, toPoint(row)]));
}

function toPoint(row: Selectable<EquityTable>): EquityPoint {
  return {
    bot: row.bot,
    time: row.ts,
    cash: Number(row.cash),
    equity: Number(row.equity),
    position: Number(row.position),
    price: row.price === null ? null : Number(row.price),
  };
}
