import { hostname, userInfo } from 'node:os';
import { openStore, readySchema, type Store } from '../../store/index.js';
import { wholeNumber } from '../flags.js';
import { stderr } from '../terminal.js';
import { databaseProgress, reportMigrated } from './database-notices.js';

/** How long `fleet run`, `fleet up` and the other long-running commands wait for a database server that is down at start. */
export const DEFAULT_DB_WAIT_SECONDS = 60;

/** --db-wait in seconds (default 60). */
export const dbWaitSeconds = (flag: string | undefined): number =>
  wholeNumber('--db-wait', flag, 0) ?? DEFAULT_DB_WAIT_SECONDS;

export interface FleetStoreOptions {
  /**
   * Seconds to wait for a database server that cannot be reached yet (dbWaitSeconds), with one
   * line on stderr while it waits; without it, a few quick tries. For long-running commands.
   */
  readonly dbWait?: number;
  /**
   * `ready` (default): the embedded database migrates itself on first use, saying so in one line
   * on stderr, and a server with a stale schema is refused ("run fleet migrate"). `as-is`: for
   * `fleet migrate`, which is how a schema gets ready.
   */
  readonly schema?: 'ready' | 'as-is';
}

/**
 * The one way a command reaches the project's database (DATABASE_URL, or the embedded one under
 * .fleet): opens it, makes its schema ready, runs `work`, and closes it, also when `work` throws.
 */
export async function withFleetStore<T>(
  work: (store: Store) => Promise<T>,
  options: FleetStoreOptions = {},
): Promise<T> {
  const { dbWait } = options;
  const store = await openStore({
    onProgress: databaseProgress,
    ...(dbWait === undefined
      ? {}
      : {
          waitMs: dbWait * 1000,
          onWaiting: (reason: string, waitMs: number) =>
            stderr.warn(
              `the database is not reachable (${reason}): waiting up to ${waitMs / 1000} s for it (--db-wait)`,
            ),
        }),
  });
  try {
    if (options.schema !== 'as-is') reportMigrated((await readySchema(store)).applied);
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
