import type { Kysely } from 'kysely';
import type { LeaseFence } from '../../core/index.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { checkFence } from './fence.js';

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

/** The notifications channel alert and error events are queued on. */
export const ALERTS_CHANNEL = 'alerts';

const NOTIFIED_LEVELS: readonly EventLevel[] = ['alert', 'error'];

/**
 * Inserts the event; level `alert` or `error` also enqueues a `notifications` row (channel
 * `alerts`, payload {bot, level, kind, message, eventId}) in the same transaction: the outbox
 * Telegram will later drain, so an alert is never recorded without being queued. Given a runner's
 * fence, it is recorded only while the fence is current (else FencedOutError, nothing written).
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
  if (NOTIFIED_LEVELS.includes(event.level)) {
    const payload = { bot: event.bot, level: event.level, kind: event.kind, message: event.message, eventId: id };
    await db
      .insertInto('notifications')
      .values({ channel: ALERTS_CHANNEL, payload: JSON.stringify(payload) })
      .execute();
  }
  return id;
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
