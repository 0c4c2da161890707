import type { Progress } from '../../core/index.js';
import { counted } from '../render.js';
import { stderr } from '../terminal.js';

// What the CLI says about the project's database as it opens it. Kept apart from fleet-store.ts
// so commands that reach the database only sometimes (data --cache db) do not import the store.

/** Says on stderr that the embedded database is being created (it takes seconds the first time). */
export const databaseProgress: Progress = ({ done, total, label }) => {
  if (done < total && label) stderr.info(`${label}…`);
};

/** The one line saying the embedded database migrated itself (nothing when nothing was applied). */
export function reportMigrated(applied: readonly string[]): void {
  if (applied.length > 0)
    stderr.info(`migrated the embedded database (${counted(applied.length, 'migration')}: ${applied.join(', ')})`);
}
