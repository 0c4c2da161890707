import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Progress } from '../core/index.js';
import { checkConnection } from './connect.js';
import { dataDir, openEmbedded } from './embedded.js';
import { embeddedPool, FailoverPool, type StorePool } from './failover-pool.js';
import { createPool, kyselyOver } from './pool.js';
import { RetryingPool } from './retrying-pool.js';
import type { Database } from './schema.js';
import { parseDatabaseUrl } from './url.js';

export interface Store {
  readonly db: Kysely<Database>;
  /** `embedded`: PGlite under the project's `.fleet/db`; `server`: a Postgres server by URL. */
  readonly kind: 'embedded' | 'server';
  /**
   * For embedded: whether this process served the database (owner) or used another's (client)
   * when it opened; a client whose owner exits may become the owner later.
   */
  readonly role: 'owner' | 'client' | 'server';
  /** Where the data is, password masked. For embedded, a URL psql can use while the owner lives. */
  readonly url: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /**
   * A postgres:// URL; default `process.env.DATABASE_URL`; without one, the embedded database.
   * `null`: the embedded database whatever the environment says (tests).
   */
  readonly url?: string | null;
  /** Project state folder holding the embedded database in `db/` (default `.fleet`). */
  readonly dir?: string;
  readonly onProgress?: Progress;
  /**
   * A server that cannot be reached yet is tried again with backoff for this long (ms) before
   * giving up; default a few quick tries. (The embedded database is started, not waited for.)
   */
  readonly waitMs?: number;
  /** Told once when the server cannot be reached and `waitMs` makes the open wait for it. */
  readonly onWaiting?: (reason: string, waitMs: number) => void;
}

interface Internals {
  readonly pool: StorePool;
  /** Folder for lock files on embedded; undefined on a server. */
  readonly lockDir: string | undefined;
}

const internals = new WeakMap<Store, Internals>();

export function internalsOf(store: Store): Internals {
  const found = internals.get(store);
  if (!found) throw new Error('not a store opened by openStore');
  return found;
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const url = options.url === null ? undefined : (options.url ?? (process.env.DATABASE_URL || undefined));
  return url === undefined
    ? openEmbeddedStore(resolve(options.dir ?? '.fleet', 'db'), options.onProgress)
    : openServerStore(url, options);
}

/**
 * Whether there is a database to ask without creating one: a server URL (`url`, default
 * DATABASE_URL), or an embedded database already created under `dir` (default `.fleet`).
 */
export function storeExists(options: Pick<OpenStoreOptions, 'url' | 'dir'> = {}): boolean {
  const url = options.url ?? (process.env.DATABASE_URL || undefined);
  return url !== undefined || existsSync(dataDir(resolve(options.dir ?? '.fleet', 'db')));
}

async function openServerStore(url: string, options: Pick<OpenStoreOptions, 'waitMs' | 'onWaiting'>): Promise<Store> {
  const address = parseDatabaseUrl(url);
  const pool = createPool({ connectionString: url.trim(), max: 10 });
  try {
    await checkConnection(pool, address, {
      waitMs: options.waitMs,
      onWaiting: (why, waitMs) => options.onWaiting?.(`${address.host}:${address.port}: ${why}`, waitMs),
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  const retrying = new RetryingPool(pool, { where: address });
  return register(retrying, undefined, { kind: 'server', role: 'server', url: address.masked }, async () => {});
}

async function openEmbeddedStore(dbDir: string, onProgress?: Progress): Promise<Store> {
  const handle = await openEmbedded(dbDir, onProgress);
  const pool = embeddedPool(handle);
  try {
    await checkConnection(pool, handle, { attempts: 3 });
  } catch (error) {
    await pool.end();
    await handle.release();
    throw error;
  }
  const url = `postgres://postgres@${handle.host}:${handle.port}/postgres`;
  // A client carries on if its owner exits; the owner serves until it closes.
  const failover = new FailoverPool(dbDir, handle, pool);
  return register(failover, join(dbDir, 'locks'), { kind: 'embedded', role: handle.role, url }, async () => {});
}

function register(
  pool: StorePool,
  lockDir: string | undefined,
  about: Pick<Store, 'kind' | 'role' | 'url'>,
  release: () => Promise<void>,
): Store {
  const db = kyselyOver(pool);
  let closing: Promise<void> | undefined;
  const store: Store = {
    db,
    ...about,
    close: () => {
      closing ??= db.destroy().finally(release);
      return closing;
    },
  };
  internals.set(store, { pool, lockDir });
  return store;
}
