import { sql } from 'kysely';
import {
  type BrokerFill,
  FleetError,
  type LeaseFence,
  type OrderRole,
  type OrderSide,
  type Position,
} from '../../core/index.js';
import type { Store } from '../store.js';
import { insertEvent, type NewEvent } from './events.js';
import { checkFence } from './fence.js';

export interface FillApplication {
  readonly bot: string;
  /** The ledger id of the order (LedgerOrder.id). */
  readonly orderId: number;
  readonly symbol: string;
  readonly fill: BrokerFill;
  /** Position and cash AFTER this fill, computed by the caller. */
  readonly position: Position;
  readonly cash: number;
}

/**
 * The atomic ledger step, in ONE transaction: inserts the fill (a fill id the order already has
 * is ignored) and, only when it was new, writes the bot's position in the symbol and its cash.
 * A crash can never leave the fill without its position and cash, or the other way round.
 * Returns whether the fill was new. A bot without a runtime row (never registered) throws.
 * `event`, when given, is recorded in the same transaction, only when the fill was new: the log
 * line that reports the fill can neither be lost nor written twice. Given a runner's fence, all of
 * it only while the fence is current.
 */
export function applyFill(
  store: Store,
  application: FillApplication,
  event?: NewEvent,
  fence?: LeaseFence,
): Promise<boolean> {
  const { bot, orderId, symbol, fill, position, cash } = application;
  return store.db.transaction().execute(async (tx) => {
    if (fence !== undefined) await checkFence(tx, fence);
    const inserted = await tx
      .insertInto('fills')
      .values({
        order_id: orderId,
        bot,
        exchange_fill_id: fill.id,
        quantity: String(fill.quantity),
        price: String(fill.price),
        fee: String(fill.fee),
        base_fee: String(fill.baseFee ?? 0),
        ts: new Date(fill.time),
      })
      .onConflict((oc) => oc.columns(['order_id', 'exchange_fill_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return false;
    await tx
      .insertInto('positions')
      .values({ bot, symbol, quantity: String(position.quantity), avg_price: String(position.avgPrice) })
      .onConflict((oc) =>
        oc.columns(['bot', 'symbol']).doUpdateSet({
          quantity: String(position.quantity),
          avg_price: String(position.avgPrice),
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
    const runtime = await tx
      .updateTable('bot_runtime')
      .set({ cash: String(cash) })
      .where('bot', '=', bot)
      .executeTakeFirst();
    if (runtime.numUpdatedRows === 0n) throw new FleetError(`bot '${bot}' has no runtime row: register it first`);
    if (event !== undefined) await insertEvent(tx, event);
    return true;
  });
}

export interface LedgerFill {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly exchangeFillId: string;
  readonly side: OrderSide;
  readonly role: OrderRole;
  readonly quantity: number;
  readonly price: number;
  /** The whole fee's value in the quote currency (BrokerFill.fee). */
  readonly fee: number;
  /** The part of the fee paid in the base asset, in base units; 0 when none (BrokerFill.baseFee). */
  readonly baseFee: number;
  readonly time: Date;
  /**
   * The last fill of a filled order meant to flatten the position (exit, stop, take-profit): the
   * runner sends those for the whole position, so whatever the exchange left (less than a lot
   * step) is dust, and the round trip ends here (roundTrips).
   */
  readonly closesPosition: boolean;
}

/** The roles of orders sent for the whole position. */
const FLATTENING_ROLES: ReadonlySet<OrderRole> = new Set(['exit', 'stop', 'take_profit']);

/** The bot's fills at or after `since`, oldest first (by time, then id). */
export async function fillsOf(store: Store, bot: string, options: { since?: Date } = {}): Promise<LedgerFill[]> {
  let query = store.db
    .selectFrom('fills')
    .innerJoin('orders', 'orders.id', 'fills.order_id')
    .select([
      'fills.id',
      'fills.order_id',
      'orders.client_order_id',
      'fills.exchange_fill_id',
      'orders.side',
      'orders.role',
      'orders.status',
      'fills.quantity',
      'fills.price',
      'fills.fee',
      'fills.base_fee',
      'fills.ts',
    ])
    .where('fills.bot', '=', bot);
  if (options.since !== undefined) query = query.where('fills.ts', '>=', options.since);
  const rows = await query.orderBy('fills.ts').orderBy('fills.id').execute();
  const lastFillOfOrder = new Map(rows.map((row) => [row.order_id, row.id]));
  return rows.map((row) => ({
    orderId: row.order_id,
    clientOrderId: row.client_order_id,
    exchangeFillId: row.exchange_fill_id ?? '',
    side: row.side,
    role: row.role as OrderRole,
    quantity: Number(row.quantity),
    price: Number(row.price),
    fee: Number(row.fee),
    baseFee: Number(row.base_fee),
    time: row.ts,
    closesPosition:
      row.status === 'filled' &&
      FLATTENING_ROLES.has(row.role as OrderRole) &&
      lastFillOfOrder.get(row.order_id) === row.id,
  }));
}

/** The bot's position in `symbol`; zero when it never had one. */
export async function readPosition(store: Store, bot: string, symbol: string): Promise<Position> {
  const row = await store.db
    .selectFrom('positions')
    .select(['quantity', 'avg_price'])
    .where('bot', '=', bot)
    .where('symbol', '=', symbol)
    .executeTakeFirst();
  return row === undefined
    ? { quantity: 0, avgPrice: 0 }
    : { quantity: Number(row.quantity), avgPrice: Number(row.avg_price) };
}

/** The bot's open (non-zero) positions, by symbol. */
export async function positionsOf(store: Store, bot: string): Promise<Array<{ symbol: string } & Position>> {
  const rows = await store.db
    .selectFrom('positions')
    .select(['symbol', 'quantity', 'avg_price'])
    .where('bot', '=', bot)
    .where('quantity', '<>', '0')
    .orderBy('symbol')
    .execute();
  return rows.map((row) => ({ symbol: row.symbol, quantity: Number(row.quantity), avgPrice: Number(row.avg_price) }));
}
