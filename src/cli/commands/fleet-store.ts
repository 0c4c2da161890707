import { hostname, userInfo } from 'node:os';
import { checkSchema, openStore, type Store } from '../../store/index.js';
import { wholeNumber } from '../flags.js';
import { stderr } from '../terminal.js';

/** How long `fleet run` and `fleet up` wait for a database server that is down at start. */
export const DEFAULT_DB_WAIT_SECONDS = 60;

/**
 * Opens the database for a long-running command, waiting up to `--db-wait` seconds (default 60)
 * for a server that cannot be reached yet, with one line on stderr while it waits.
 */
export async function openWaitingStore(dbWait: string | undefined): Promise<Store> {
  const seconds = wholeNumber('--db-wait', dbWait, 0) ?? DEFAULT_DB_WAIT_SECONDS;
  return openStore({
    waitMs: seconds * 1000,
    onWaiting: (reason, waitMs) =>
      stderr.warn(`the database is not reachable (${reason}): waiting up to ${waitMs / 1000} s for it (--db-wait)`),
  });
}

/**
 * Opens the project's database (DATABASE_URL, or the embedded one under .fleet), refuses a schema
 * that is not this fleet's ("run fleet migrate"), runs `work`, and closes the store.
 */
export async function withFleetStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore();
  try {
    await checkSchema(store);
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
