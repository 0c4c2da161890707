import { type Kysely, sql } from 'kysely';
import type { LeaseFence } from '../../core/index.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { checkFence } from './fence.js';

/** The kind of the fleet's once-a-day P&L summary event. */
export const DAILY_SUMMARY_KIND = 'daily_summary';

export type EventLevel = 'debug' | 'info' | 'warn' | 'error' | 'alert';

export interface NewEvent {
  /** null for an event about the whole fleet. */
  readonly bot: string | null;
  readonly level: EventLevel;
  readonly kind: string;
  readonly message: string;
  readonly data?: unknown;
  /** Default: now (the database's clock). */
  readonly time?: Date;
}

export interface EventRecord extends NewEvent {
  readonly id: number;
  readonly time: Date;
}

/**
 * Inserts the event (the notifier fans it out to the channels that want it: docs/notify.md). Given
 * a runner's fence, it is recorded only while the fence is current (else FencedOutError, nothing
 * written).
 */
export function recordEvent(store: Store, event: NewEvent, fence?: LeaseFence): Promise<number> {
  return store.db.transaction().execute(async (tx) => {
    if (fence !== undefined) await checkFence(tx, fence);
    return insertEvent(tx, event);
  });
}

/** recordEvent inside a transaction the caller holds (the store's own repositories use it). */
export async function insertEvent(db: Kysely<Database>, event: NewEvent): Promise<number> {
  const { id } = await db
    .insertInto('events')
    .values({
      bot: event.bot,
      level: event.level,
      kind: event.kind,
      message: event.message,
      data: event.data === undefined ? null : JSON.stringify(event.data),
      ...(event.time === undefined ? {} : { ts: event.time }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Records the fleet's `daily_summary` event for `day` (YYYY-MM-DD, in `data.day`) unless one is
 * recorded already: a unique index on the day makes it once per day however many processes try at
 * once. Returns the event id, or undefined when the day had its summary.
 */
export async function recordDailySummary(
  store: Store,
  day: string,
  event: Omit<NewEvent, 'kind' | 'bot'> & { readonly data: Record<string, unknown> },
): Promise<number | undefined> {
  const row = await store.db
    .insertInto('events')
    .values({
      bot: null,
      level: event.level,
      kind: DAILY_SUMMARY_KIND,
      message: event.message,
      data: JSON.stringify({ ...event.data, day }),
      ...(event.time === undefined ? {} : { ts: event.time }),
    })
    .onConflict((conflict) =>
      conflict.expression(sql`(data ->> 'day')`).where('kind', '=', DAILY_SUMMARY_KIND).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Whether `day` (YYYY-MM-DD) has its daily summary already. */
export async function hasDailySummary(store: Store, day: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('events')
    .select('id')
    .where('kind', '=', DAILY_SUMMARY_KIND)
    .where(sql`data ->> 'day'`, '=', day)
    .executeTakeFirst();
  return row !== undefined;
}

export interface EventQuery {
  readonly bot?: string;
  /** Events at or after this time. */
  readonly since?: Date;
  /** Events recorded after this id (to follow the log). */
  readonly afterId?: number;
  /** Keeps the newest `limit` matching events (still returned oldest first). */
  readonly limit?: number;
  readonly kinds?: readonly string[];
  readonly levels?: readonly EventLevel[];
}

/** Matching events in the order they were recorded (by id), oldest first. */
export async function eventsOf(store: Store, options: EventQuery = {}): Promise<EventRecord[]> {
  let query = store.db.selectFrom('events').select(['id', 'bot', 'ts', 'level', 'kind', 'message', 'data']);
  if (options.bot !== undefined) query = query.where('bot', '=', options.bot);
  if (options.since !== undefined) query = query.where('ts', '>=', options.since);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  if (options.kinds !== undefined) {
    if (options.kinds.length === 0) return [];
    query = query.where('kind', 'in', [...options.kinds]);
  }
  if (options.levels !== undefined) {
    if (options.levels.length === 0) return [];
    query = query.where('level', 'in', [...options.levels]);
  }
  query = options.limit === undefined ? query.orderBy('id') : query.orderBy('id', 'desc').limit(options.limit);
  const rows = await query.execute();
  if (options.limit !== undefined) rows.reverse();
  return rows.map((row) => ({
    id: row.id,
    bot: row.bot,
    time: row.ts,
    level: row.level as EventLevel,
    kind: row.kind,
    message: row.message,
    ...(row.data === null ? {} : { data: row.data }),
  }));
}
