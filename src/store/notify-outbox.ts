import { sql } from 'kysely';
import type { Store } from './store.js';
import type { EventLevel } from './trading/events.js';

/**
 * Which events a channel takes: those of its `levels` and `kinds` (absent: every level, every
 * kind), and besides those every event of `alsoKinds` whatever its level. A kind ending in `.*`
 * stands for every kind under it (`pipeline.*`: pipeline.design, pipeline.screen, …).
 */
export interface OutboxFilter {
  readonly levels?: readonly EventLevel[];
  readonly kinds?: readonly string[];
  readonly alsoKinds?: readonly string[];
}

const kindIn = (kinds: readonly string[], kind: string) =>
  kinds.some((pattern) => (pattern.endsWith('.*') ? kind.startsWith(pattern.slice(0, -1)) : pattern === kind));

/** Whether the filter lets an event of this level and kind through. */
export function passesFilter(filter: OutboxFilter, event: { level: string; kind: string }): boolean {
  if (filter.alsoKinds !== undefined && kindIn(filter.alsoKinds, event.kind)) return true;
  return (
    (filter.levels === undefined || filter.levels.includes(event.level as EventLevel)) &&
    (filter.kinds === undefined || kindIn(filter.kinds, event.kind))
  );
}

/** One queued notification, as claimed for delivery. */
export interface OutboxRow {
  readonly id: number;
  readonly channel: string;
  readonly key: string;
  readonly eventId: number;
  readonly bot: string | null;
  readonly level: EventLevel;
  readonly kind: string;
  readonly message: string;
  readonly data?: unknown;
  readonly time: Date;
  readonly attempts: number;
}

/** Events fanned out per pass (the rest go on the next pass). */
const FAN_OUT_LIMIT = 1000;

/**
 * How long a hole in the event ids holds the cursor back. Ids are taken when an event is inserted
 * but become visible when its transaction commits, so on a server a later id can be seen first; the
 * hole is a transaction still open (its event is fanned out when it commits) or one rolled back
 * (the hole stays for ever, and after this long the cursor moves past it).
 */
const HOLE_WAIT_MS = 120_000;

/**
 * Fans the events recorded since the channel's cursor into the outbox (one row per matching
 * event, key `channel:event-id`, unique per channel) and moves the cursor, in one transaction:
 * the events themselves were written in the same transaction as the state change they report, so
 * none is lost, and a repeated or concurrent pass queues nothing twice. The cursor stops before a
 * hole in the ids younger than HOLE_WAIT_MS (an event committing late is still fanned out). A
 * channel seen for the first time starts at the end of the log (it does not replay history).
 * Returns rows queued.
 */
export async function enqueueEvents(store: Store, channel: string, filter: OutboxFilter = {}): Promise<number> {
  return store.db.transaction().execute(async (tx) => {
    await sql`INSERT INTO notify_cursors (channel, event_id)
      SELECT ${channel}, coalesce(max(id), 0) FROM events ON CONFLICT (channel) DO NOTHING`.execute(tx);
    const lock = store.kind === 'server' ? sql` FOR UPDATE` : sql``;
    const cursor = await sql<{ event_id: number; now: Date }>`SELECT event_id, now() AS now FROM notify_cursors
      WHERE channel = ${channel}${lock}`.execute(tx);
    const after = Number(cursor.rows[0]?.event_id ?? 0);
    const now = new Date(cursor.rows[0]?.now ?? Date.now()).getTime();
    const events = await tx
      .selectFrom('events')
      .select(['id', 'bot', 'ts', 'level', 'kind', 'message', 'data'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(FAN_OUT_LIMIT)
      .execute();
    if (events.length === 0) return 0;
    let moveTo = after;
    for (const event of events) {
      if (Number(event.id) !== moveTo + 1 && now - event.ts.getTime() < HOLE_WAIT_MS) break;
      moveTo = Number(event.id);
    }
    const matching = events.filter((event) => passesFilter(filter, event));
    let queued = 0;
    if (matching.length > 0) {
      const inserted = await tx
        .insertInto('notifications')
        .values(
          matching.map((event) => ({
            channel,
            key: `${channel}:${event.id}`,
            event_id: event.id,
            created_at: event.ts,
            payload: JSON.stringify({
              bot: event.bot,
              level: event.level,
              kind: event.kind,
              message: event.message,
              data: event.data,
              time: event.ts.toISOString(),
            }),
          })),
        )
        .onConflict((conflict) => conflict.columns(['channel', 'key']).doNothing())
        .returning('id')
        .execute();
      queued = inserted.length;
    }
    if (moveTo > after) {
      await tx.updateTable('notify_cursors').set({ event_id: moveTo }).where('channel', '=', channel).execute();
    }
    return queued;
  });
}

/**
 * Claims up to `limit` due, unsent rows of the channel for `leaseMs` (attempts + 1) in one
 * statement; a server skips rows another notifier holds. A notifier killed mid-send frees them
 * when the claim expires, so they are sent again (same key) by whoever claims them next.
 */
export async function claimOutbox(store: Store, channel: string, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const skipLocked = store.kind === 'server' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  const due = sql`channel = ${channel} AND sent_at IS NULL AND next_attempt_at <= now()
    AND (claimed_until IS NULL OR claimed_until <= now())`;
  const result = await sql<{
    id: number;
    channel: string;
    key: string;
    event_id: number;
    payload: unknown;
    attempts: number;
  }>`
    UPDATE notifications SET attempts = attempts + 1,
      claimed_until = now() + ${`${leaseMs} milliseconds`}::interval
    WHERE id IN (SELECT id FROM notifications WHERE ${due} ORDER BY id LIMIT ${limit}${skipLocked})
    RETURNING id, channel, key, event_id, payload, attempts`.execute(store.db);
  return result.rows
    .map((row) => {
      const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<
        string,
        unknown
      >;
      return {
        id: Number(row.id),
        channel: row.channel,
        key: row.key,
        eventId: Number(row.event_id),
        bot: (payload.bot as string | null) ?? null,
        level: payload.level as EventLevel,
        kind: String(payload.kind),
        message: String(payload.message),
        ...(payload.data === null || payload.data === undefined ? {} : { data: payload.data }),
        time: new Date(String(payload.time)),
        attempts: row.attempts,
      };
    })
    .sort((a, b) => a.id - b.id);
}

/** Marks claimed rows delivered. */
export async function markSent(store: Store, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await store.db
    .updateTable('notifications')
    .set({ sent_at: sql`now()`, claimed_until: null, last_error: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** Records a failed send of claimed rows: the error, and when to try again. */
export async function markFailed(
  store: Store,
  ids: readonly number[],
  error: string,
  retryInMs: number,
): Promise<void> {
  if (ids.length === 0) return;
  await store.db
    .updateTable('notifications')
    .set({
      last_error: error,
      claimed_until: null,
      next_attempt_at: sql`now() + ${`${retryInMs} milliseconds`}::interval`,
    })
    .where('id', 'in', [...ids])
    .execute();
}

export interface ChannelBacklog {
  readonly channel: string;
  readonly pending: number;
  readonly sent: number;
  /** Pending rows whose last attempt failed, newest first (at most 5). */
  readonly failures: readonly { key: string; attempts: number; error: string }[];
}

/** Backlog and recent failures of each channel that has outbox rows. */
export async function outboxStatus(store: Store): Promise<ChannelBacklog[]> {
  const counts = await store.db
    .selectFrom('notifications')
    .select((eb) => [
      'channel',
      eb.fn.count<number>('id').filterWhere('sent_at', 'is', null).as('pending'),
      eb.fn.count<number>('id').filterWhere('sent_at', 'is not', null).as('sent'),
    ])
    .groupBy('channel')
    .orderBy('channel')
    .execute();
  const backlogs: ChannelBacklog[] = [];
  for (const row of counts) {
    const failures = await store.db
      .selectFrom('notifications')
      .select(['key', 'attempts', 'last_error'])
      .where('channel', '=', row.channel)
      .where('sent_at', 'is', null)
      .where('last_error', 'is not', null)
      .orderBy('id', 'desc')
      .limit(5)
      .execute();
    backlogs.push({
      channel: row.channel,
      pending: Number(row.pending),
      sent: Number(row.sent),
      failures: failures.map((f) => ({ key: f.key, attempts: f.attempts, error: f.last_error ?? '' })),
    });
  }
  return backlogs;
}

/** Gives claimed rows back unsent and uncounted (rate limit reached before they went). */
export async function releaseClaim(store: Store, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await store.db
    .updateTable('notifications')
    .set({ claimed_until: null, attempts: sql`attempts - 1` })
    .where('id', 'in', [...ids])
    .execute();
}

/**
 * Frees every claim on the channel's unsent rows: for the notifier that has just become the
 * channel's only sender (it holds the channel's lock), any claim is a dead or stopped notifier's,
 * and waiting for it to expire would only delay the resend.
 */
export async function releaseChannelClaims(store: Store, channel: string): Promise<number> {
  const result = await store.db
    .updateTable('notifications')
    .set({ claimed_until: null })
    .where('channel', '=', channel)
    .where('sent_at', 'is', null)
    .where('claimed_until', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
