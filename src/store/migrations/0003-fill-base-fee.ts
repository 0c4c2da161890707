import { type Kysely, sql } from 'kysely';

/**
 * The part of each fill's fee taken in the base asset (spot buys on Binance), in base units, so
 * readers of the fills can tell the quantity traded from the quantity the account holds.
 * Fills recorded before it read 0: the runner's book already netted their base fees out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE fills ADD COLUMN base_fee numeric NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE fills DROP COLUMN base_fee`.execute(db);
}
