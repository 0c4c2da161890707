import { hostname, userInfo } from 'node:os';
import { openStore, readySchema, type Store } from '../../store/index.js';
import { databaseProgress, reportMigrated } from './database-notices.js';

/** Opens the project's database: DATABASE_URL, or the embedded one under .fleet. */
export const openFleetStore = (): Promise<Store> => openStore({ onProgress: databaseProgress });

/**
 * Makes the schema ready for work: the embedded database migrates itself on first use, saying so
 * in one line on stderr; a server with a stale schema is refused ("run fleet migrate").
 */
export async function readyFleetSchema(store: Store): Promise<void> {
  reportMigrated((await readySchema(store)).applied);
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
