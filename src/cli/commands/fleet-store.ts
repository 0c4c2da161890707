import { hostname, userInfo } from 'node:os';
import { openStore, readySchema, type Store } from '../../store/index.js';
import { wholeNumber } from '../flags.js';
import { stderr } from '../terminal.js';
import { databaseProgress, reportMigrated } from './database-notices.js';

/** Opens the project's database: DATABASE_URL, or the embedded one under .fleet. */
export const openFleetStore = (): Promise<Store> => openStore({ onProgress: databaseProgress });

/** How long `fleet run` and `fleet up` wait for a database server that is down at start. */
export const DEFAULT_DB_WAIT_SECONDS = 60;

/**
 * Opens the database for a long-running command as openFleetStore does, waiting up to `--db-wait`
 * seconds (default 60) for a server that cannot be reached yet, with one line on stderr while it
 * waits.
 */
export async function openWaitingStore(dbWait: string | undefined): Promise<Store> {
  const seconds = wholeNumber('--db-wait', dbWait, 0) ?? DEFAULT_DB_WAIT_SECONDS;
  return openStore({
    onProgress: databaseProgress,
    waitMs: seconds * 1000,
    onWaiting: (reason, waitMs) =>
      stderr.warn(`the database is not reachable (${reason}): waiting up to ${waitMs / 1000} s for it (--db-wait)`),
  });
}

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
