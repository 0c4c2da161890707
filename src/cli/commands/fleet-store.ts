import { hostname, userInfo } from 'node:os';
import type { Progress } from '../../core/index.js';
import { openStore, readySchema, type Store } from '../../store/index.js';
import { counted } from '../render.js';
import { stderr } from '../terminal.js';

/** Says on stderr that the embedded database is being created (it takes seconds the first time). */
export const databaseProgress: Progress = ({ done, total, label }) => {
  if (done < total && label) stderr.info(`${label}…`);
};

/** Opens the project's database: DATABASE_URL, or the embedded one under .fleet. */
export const openFleetStore = (): Promise<Store> => openStore({ onProgress: databaseProgress });

/**
 * Makes the schema ready for work: the embedded database migrates itself on first use, saying so
 * in one line on stderr; a server with a stale schema is refused ("run fleet migrate").
 */
export async function readyFleetSchema(store: Store): Promise<void> {
  const { applied } = await readySchema(store);
  if (applied.length > 0)
    stderr.info(`migrated the embedded database (${counted(applied.length, 'migration')}: ${applied.join(', ')})`);
}

/** Opens the project's database, makes its schema ready, runs `work`, and closes the store. */
export async function withFleetStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openFleetStore();
  try {
    await readyFleetSchema(store);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Who is acting, for the audit trail: user@host. */
export function actor(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep $USER.
  }
  return `${user}@${hostname()}`;
}
