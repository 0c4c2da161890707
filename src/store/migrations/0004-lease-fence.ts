import { type Kysely, sql } from 'kysely';

/**
 * Fencing: each bot's lease carries a token (`fence`) that grows every time a runner takes the
 * lease, and every write a runner makes checks it in its own transaction, so a runner that lost
 * its lease (frozen past it, cut off) can write nothing. Orders record when they were cleared to
 * go to the broker (`sent_at`, under the fence, before any broker sees them) and when their cancel
 * was asked for (`cancel_requested_at`), so a cancel the bot never asked for is told apart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE bot_runtime ADD COLUMN fence bigint NOT NULL DEFAULT 0;
    ALTER TABLE orders
      ADD COLUMN sent_at timestamptz,
      ADD COLUMN cancel_requested_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE orders DROP COLUMN cancel_requested_at, DROP COLUMN sent_at;
    ALTER TABLE bot_runtime DROP COLUMN fence`.execute(db);
}
