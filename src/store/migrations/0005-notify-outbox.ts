import { type Kysely, sql } from 'kysely';

/**
 * The notification outbox per channel: each row is one event for one channel, keyed
 * `channel:event-id` (unique per channel, so an event is queued once however often the notifier
 * fans it out), with a retry time and a claim that expires (a notifier killed mid-send frees its
 * rows). `notify_cursors` holds, per channel, the last event id fanned out into the outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE notifications
      ADD COLUMN key text,
      ADD COLUMN event_id bigint,
      ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN claimed_until timestamptz;
    CREATE UNIQUE INDEX notifications_channel_key ON notifications (channel, key);
    CREATE TABLE notify_cursors (
      channel text PRIMARY KEY,
      event_id bigint NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE notify_cursors;
    DROP INDEX notifications_channel_key;
    ALTER TABLE notifications DROP COLUMN claimed_until, DROP COLUMN next_attempt_at, DROP COLUMN event_id,
      DROP COLUMN key`.execute(db);
}
