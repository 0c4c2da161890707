import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import {
  FleetError,
  type LeaseFence,
  type OrderReport,
  type OrderRole,
  type OrderSide,
  type OrderStatus,
  type OrderType,
} from '../../core/index.js';
import type { Database, OrdersTable } from '../schema.js';
import type { Store } from '../store.js';
import type { BotMode } from './bots.js';
import { insertEvent, type NewEvent } from './events.js';
import { checkFence, leaseGuard, stillFenced } from './fence.js';

export interface NewLedgerOrder {
  readonly bot: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  readonly price?: number;
  readonly reduceOnly: boolean;
  readonly role: OrderRole;
  /** Open time (epoch ms) of the bar the order was decided on. */
  readonly barTime: number;
  readonly mode: BotMode;
}

export interface LedgerOrder extends NewLedgerOrder {
  readonly id: number;
  readonly exchangeOrderId?: string;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly averagePrice?: number;
  readonly fee: number;
  readonly reason?: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When the runner cleared it to go to the broker (markSending); absent for one never cleared. */
  readonly sentAt?: Date;
  /** The runner asked the broker to cancel it (markCancelRequested). */
  readonly cancelRequested: boolean;
}

const ACTIVE_STATUSES: readonly OrderStatus[] = ['new', 'open', 'partially_filled'];

/**
 * Persists the order with status `new` BEFORE it is sent, so a crash in between leaves a trace
 * to ask the broker about. An order whose client order id is already stored is returned as
 * stored, unchanged. Given a runner's fence, only while it is current.
 */
export async function insertOrder(store: Store, order: NewLedgerOrder, fence?: LeaseFence): Promise<LedgerOrder> {
  if (fence !== undefined) {
    const price = order.price === undefined ? null : String(order.price);
    const inserted = await sql<{ id: number }>`
      WITH ${leaseGuard(fence)}
      INSERT INTO orders (client_order_id, bot, symbol, side, type, quantity, price, reduce_only, role, bar_time,
        mode, status)
      SELECT ${order.clientOrderId}, ${order.bot}, ${order.symbol}, ${order.side}, ${order.type},
        ${String(order.quantity)}::numeric, ${price}::numeric, ${order.reduceOnly}::boolean, ${order.role},
        ${order.barTime}::bigint, ${order.mode}, 'new' FROM lease
      ON CONFLICT (client_order_id) DO NOTHING
      RETURNING id`.execute(store.db);
    // Nothing inserted: the id was taken already (returned as stored below), or the lease is gone.
    if (inserted.rows.length === 0) await stillFenced(store.db, fence);
  } else {
    await store.db
      .insertInto('orders')
      .values({
        client_order_id: order.clientOrderId,
        bot: order.bot,
        symbol: order.symbol,
        side: order.side,
        type: order.type,
        quantity: String(order.quantity),
        price: order.price === undefined ? null : String(order.price),
        reduce_only: order.reduceOnly,
        role: order.role,
        bar_time: order.barTime,
        mode: order.mode,
        status: 'new',
      })
      .onConflict((oc) => oc.column('client_order_id').doNothing())
      .execute();
  }
  const stored = await findOrder(store, order.clientOrderId);
  if (stored === undefined) throw new FleetError(`order ${order.clientOrderId} vanished from the ledger`);
  return stored;
}

/**
 * Copies status, exchange order id, filled quantity, average price, fee and reason from a
 * broker's report (an exchange id or reason the report lacks keeps the stored one). `event`, when
 * given, is recorded in the same transaction: the log says what the row says. Given a runner's
 * fence, all of it only while the fence is current.
 */
export async function updateOrderFromReport(
  store: Store,
  clientOrderId: string,
  report: OrderReport,
  event?: NewEvent,
  fence?: LeaseFence,
): Promise<void> {
  if (event !== undefined || fence !== undefined) {
    return store.db.transaction().execute(async (tx) => {
      if (fence !== undefined) await checkFence(tx, fence);
      await updateFromReport(tx, clientOrderId, report);
      if (event !== undefined) await insertEvent(tx, event);
    });
  }
  return updateFromReport(store.db, clientOrderId, report);
}

async function updateFromReport(db: Kysely<Database>, clientOrderId: string, report: OrderReport): Promise<void> {
  const result = await db
    .updateTable('orders')
    .set((eb) => ({
      status: report.status,
      exchange_order_id:
        report.exchangeOrderId === undefined ? eb.ref('exchange_order_id') : eb.val(report.exchangeOrderId),
      filled_quantity: String(report.filledQuantity),
      average_price: report.averagePrice === undefined ? null : String(report.averagePrice),
      fee: String(report.fee),
      reason: report.reason === undefined ? eb.ref('reason') : eb.val(report.reason),
      updated_at: sql<Date>`now()`,
    }))
    .where('client_order_id', '=', clientOrderId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw missing(clientOrderId);
}

/**
 * Sets a final status without a broker report: `rejected` by a risk rail before sending, or
 * `cancelled` when the broker never had the order. A reason replaces the stored one. `event`, when
 * given, is recorded in the same transaction. Given a runner's fence, only while it is current.
 */
export async function markOrder(
  store: Store,
  clientOrderId: string,
  status: OrderStatus,
  reason?: string,
  event?: NewEvent,
  fence?: LeaseFence,
): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    if (fence !== undefined) await checkFence(tx, fence);
    const result = await tx
      .updateTable('orders')
      .set((eb) => ({
        status,
        reason: reason === undefined ? eb.ref('reason') : eb.val(reason),
        updated_at: sql<Date>`now()`,
      }))
      .where('client_order_id', '=', clientOrderId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw missing(clientOrderId);
    if (event !== undefined) await insertEvent(tx, event);
  });
}

/**
 * Records that the runner holding `fence` is about to send the order, in a transaction that checks
 * the fence: a runner that lost its lease learns it here (FencedOutError), before any broker sees
 * the order. Sending an order again after a crash marks it again (the time of the last try).
 */
export async function markSending(store: Store, clientOrderId: string, fence: LeaseFence): Promise<void> {
  await leaseGuardedUpdate(store, fence, clientOrderId, sql`sent_at = now()`);
}

/** One statement: sets `assignment` on the order while `fence` is current (one round trip). */
async function leaseGuardedUpdate(
  store: Store,
  fence: LeaseFence,
  clientOrderId: string,
  assignment: RawBuilder<unknown>,
): Promise<void> {
  const result = await sql<{ id: number }>`
    WITH ${leaseGuard(fence)}
    UPDATE orders SET ${assignment} FROM lease WHERE client_order_id = ${clientOrderId}
    RETURNING orders.id`.execute(store.db);
  if (result.rows.length === 0) {
    await stillFenced(store.db, fence);
    throw missing(clientOrderId);
  }
}

/**
 * Records that the runner holding `fence` asks the broker to cancel the order, before it does: a
 * cancel the broker reports that the bot never asked for is someone else's (a reconciliation
 * mismatch), and one it asked for just before a crash is its own.
 */
export async function markCancelRequested(store: Store, clientOrderId: string, fence: LeaseFence): Promise<void> {
  await leaseGuardedUpdate(
    store,
    fence,
    clientOrderId,
    sql`cancel_requested_at = coalesce(cancel_requested_at, now())`,
  );
}

/** The bot's orders that may still change: status new, open or partially_filled; oldest first. */
export async function activeOrders(store: Store, bot: string): Promise<LedgerOrder[]> {
  const rows = await store.db
    .selectFrom('orders')
    .selectAll()
    .where('bot', '=', bot)
    .where('status', 'in', [...ACTIVE_STATUSES])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toLedgerOrder);
}

export async function findOrder(store: Store, clientOrderId: string): Promise<LedgerOrder | undefined> {
  const row = await store.db
    .selectFrom('orders')
    .selectAll()
    .where('client_order_id', '=', clientOrderId)
    .executeTakeFirst();
  return row === undefined ? undefined : toLedgerOrder(row);
}

/**
 * How many of the bot's orders created at or after `since` were sent (or may have been): every
 * one except those `rejected` without an exchange order id, which never reached an exchange
 * (refused by a risk rail, or turned away by the broker before it took them).
 */
export async function countOrdersSince(store: Store, bot: string, since: Date): Promise<number> {
  const row = await store.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('bot', '=', bot)
    .where('created_at', '>=', since)
    .where((eb) => eb.or([eb('status', '<>', 'rejected'), eb('exchange_order_id', 'is not', null)]))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The bot's orders of one role decided on the bar that opened at `barTime`, oldest first. */
export async function ordersOnBar(store: Store, bot: string, barTime: number, role: OrderRole): Promise<LedgerOrder[]> {
  const rows = await store.db
    .selectFrom('orders')
    .selectAll()
    .where('bot', '=', bot)
    .where('bar_time', '=', barTime)
    .where('role', '=', role)
    .orderBy('id')
    .execute();
  return rows.map(toLedgerOrder);
}

/** Orders of every bot that ended `rejected` (by a risk rail or the broker) since a time. */
export interface RejectedOrders {
  readonly count: number;
  /** The newest `limit` of them, newest first. */
  readonly latest: LedgerOrder[];
}

/** Every bot's orders rejected at or after `since` (by creation time): how many, and the newest. */
export async function rejectedOrdersSince(store: Store, since: Date, limit = 10): Promise<RejectedOrders> {
  const rejected = store.db.selectFrom('orders').where('status', '=', 'rejected').where('created_at', '>=', since);
  const [row, latest] = await Promise.all([
    rejected.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow(),
    rejected.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
  ]);
  return { count: Number(row.count), latest: latest.map(toLedgerOrder) };
}

/** The bot's orders created at or after `since`, oldest first; `limit` keeps the newest n. */
export async function ordersOf(
  store: Store,
  bot: string,
  options: { since?: Date; limit?: number } = {},
): Promise<LedgerOrder[]> {
  let query = store.db.selectFrom('orders').selectAll().where('bot', '=', bot);
  if (options.since !== undefined) query = query.where('created_at', '>=', options.since);
  query =
    options.limit === undefined
      ? query.orderBy('created_at').orderBy('id')
      : query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit);
  const rows = await query.execute();
  if (options.limit !== undefined) rows.reverse();
  return rows.map(toLedgerOrder);
}

const missing = (clientOrderId: string) => new FleetError(`order ${clientOrderId} is not in the ledger`);

function toLedgerOrder(row: Selectable<OrdersTable>): LedgerOrder {
  return {
    id: row.id,
    bot: row.bot,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    type: row.type as OrderType,
    quantity: Number(row.quantity),
    ...(row.price === null ? {} : { price: Number(row.price) }),
    reduceOnly: row.reduce_only,
    role: row.role as OrderRole,
    barTime: row.bar_time ?? 0,
    mode: row.mode as BotMode,
    ...(row.exchange_order_id === null ? {} : { exchangeOrderId: row.exchange_order_id }),
    status: row.status as OrderStatus,
    filledQuantity: Number(row.filled_quantity),
    ...(row.average_price === null ? {} : { averagePrice: Number(row.average_price) }),
    fee: Number(row.fee),
    ...(row.reason === null ? {} : { reason: row.reason }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.sent_at === null ? {} : { sentAt: row.sent_at }),
    cancelRequested: row.cancel_requested_at !== null,
  };
}
