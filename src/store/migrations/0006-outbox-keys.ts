import { type Kysely, sql } from 'kysely';

/**
 * The per-channel outbox (0005) replaced the un-keyed `alerts` rows that recordEvent used to queue
 * for alert and error events: nothing read them, so they go, and every outbox row now has its key
 * and event. The daily P&L summary is recorded once per UTC day however many processes try: a
 * unique index on its day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM notifications WHERE key IS NULL OR event_id IS NULL;
    ALTER TABLE notifications ALTER COLUMN key SET NOT NULL, ALTER COLUMN event_id SET NOT NULL;
    CREATE UNIQUE INDEX events_daily_summary_day ON events ((data ->> 'day')) WHERE kind = 'daily_summary'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX events_daily_summary_day;
    ALTER TABLE notifications ALTER COLUMN key DROP NOT NULL, ALTER COLUMN event_id DROP NOT NULL`.execute(db);
}
