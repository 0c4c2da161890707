import { type Kysely, sql } from 'kysely';

/**
 * A reversal decided at a session's close sends its exit at once (it fills at the next open) but
 * can size its entry only once that exit has filled: the entry waits in the bot's runtime row, so
 * a runner that dies overnight still sends it at the open.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE bot_runtime ADD COLUMN held_entry jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE bot_runtime DROP COLUMN held_entry`.execute(db);
}
