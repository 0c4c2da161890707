import type { Kysely } from 'kysely';
import { didYouMean, UsageError } from '../../core/index.js';
import type { Database } from '../schema.js';

/** The error for a bot name the database does not know, with the closest registered name. */
export async function unknownBot(db: Kysely<Database>, name: string): Promise<UsageError> {
  const rows = await db.selectFrom('bots').select('name').execute();
  const names = rows.map((row) => row.name);
  return new UsageError(`unknown bot '${name}'${didYouMean(name, names)}`);
}
