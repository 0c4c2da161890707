import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createServerDatabase,
  MIGRATIONS,
  migrate,
  type OpenStoreOptions,
  openStore,
  type Store,
} from '../store/index.js';

/**
 * Private, throw-away databases for tests, on either backend: the embedded one (a fresh PGlite
 * folder copied from a template, since creating a PGlite database takes seconds and a copy well
 * under one) or a fresh `fleet_test_<random>` database on a Postgres server, dropped afterwards.
 */
export type TestDatabaseBackend = 'embedded' | 'server';

export interface TestDatabase {
  readonly backend: TestDatabaseBackend;
  /** The project state folder (embedded) in which `db/` lives. */
  readonly dir: string;
  /** The database's URL (server backend only). */
  readonly url: string | undefined;
  /**
   * Opens a store on this database; `migrated` (default true) also applies any migration the
   * database lacks (none, unless it was created with `schema: 'empty'`).
   */
  open(options?: { migrated?: boolean } & OpenStoreOptions): Promise<Store>;
  /** Closes every store opened here and deletes the database. */
  cleanup(): Promise<void>;
}

/** What a new test database holds: every migration applied (the default), or nothing at all. */
export type TestDatabaseSchema = 'migrated' | 'empty';

export interface TestDatabaseOptions {
  /**
   * `migrated` (default): the database starts with every migration applied, copied from a
   * template on the embedded backend (migrating a PGlite database takes most of a second);
   * `empty`: no table, for tests of migrating itself.
   */
  readonly schema?: TestDatabaseSchema;
  /**
   * The server backend's admin URL: a database on it in which `CREATE DATABASE` may be run.
   * Default: the FLEET_TEST_DATABASE_URL environment variable.
   */
  readonly serverUrl?: string;
}

/** The server URL tests use when none is given: FLEET_TEST_DATABASE_URL, if set. */
export const testServerUrl = (): string | undefined => process.env.FLEET_TEST_DATABASE_URL || undefined;

/** The backends to run store tests on: always the embedded one, the server too when its URL is set. */
export const testDatabaseBackends = (serverUrl = testServerUrl()): TestDatabaseBackend[] =>
  serverUrl ? ['embedded', 'server'] : ['embedded'];

/**
 * The folder of an initialised PGlite data dir, created once per machine in the system's temp
 * folder (later calls return it at once): `empty` (default) holds no table; `migrated` holds
 * every migration of this version of fleet, and is named by a hash of them, so a changed
 * migration gets a new template.
 */
export async function embeddedTemplate(schema: TestDatabaseSchema = 'empty'): Promise<string> {
  if (schema === 'migrated') return migratedTemplate();
  const path = join(tmpdir(), `fleet-store-template-${Object.keys(MIGRATIONS).length}-v1`);
  return makeTemplate(path, async (dir) => {
    const store = await openStore({ url: null, dir });
    await store.close();
  });
}

function migratedTemplate(): Promise<string> {
  const path = join(tmpdir(), `fleet-store-template-migrated-${migrationsHash()}`);
  return makeTemplate(path, async (dir) => {
    mkdirSync(join(dir, 'db'));
    cpSync(await embeddedTemplate('empty'), join(dir, 'db', 'pgdata'), { recursive: true });
    await migrateAt({ url: null, dir });
  });
}

/** Builds a template in a scratch folder and renames it into place, so nobody sees half of one. */
async function makeTemplate(path: string, build: (dir: string) => Promise<void>): Promise<string> {
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const scratch = mkdtempSync(join(tmpdir(), 'fleet-template-'));
  try {
    await build(scratch);
    try {
      renameSync(join(scratch, 'db', 'pgdata'), path);
    } catch (error) {
      // Another process made it first: theirs is as good as ours.
      if (!existsSync(join(path, 'PG_VERSION'))) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return path;
}

/** The migrations' names and code: what a migrated template is a copy of. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    hash.update(`${name}\n${String(migration.up)}\n${String(migration.down)}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Opens the database `where` names, applies every migration, and closes it. */
async function migrateAt(where: Pick<OpenStoreOptions, 'url' | 'dir'>): Promise<void> {
  const store = await openStore(where);
  try {
    await migrate(store);
  } finally {
    await store.close();
  }
}

/** A new database on `backend` (migrated unless `schema` says otherwise); call `cleanup()` when done with it. */
export async function createTestDatabase(
  backend: TestDatabaseBackend,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const admin = backend === 'server' ? options.serverUrl || testServerUrl() : undefined;
  if (backend === 'server' && admin === undefined) {
    throw new Error('a server test database needs a serverUrl (or FLEET_TEST_DATABASE_URL)');
  }
  const schema = options.schema ?? 'migrated';
  const dir = mkdtempSync(join(tmpdir(), 'fleet-store-test-'));
  let server: { readonly url: string; drop(): Promise<void> } | undefined;
  try {
    if (admin === undefined) {
      mkdirSync(join(dir, 'db'), { recursive: true });
      cpSync(await embeddedTemplate(schema), join(dir, 'db', 'pgdata'), { recursive: true });
    } else {
      server = await createServerDatabase(admin, 'fleet_test');
      if (schema === 'migrated') await migrateAt({ url: server.url });
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = server?.url;
  const stores: Store[] = [];
  return {
    backend,
    dir,
    url,
    async open(openOptions = {}) {
      const { migrated = true, ...rest } = openOptions;
      // null: the embedded database, whatever DATABASE_URL says.
      const store = await openStore({ url: url ?? null, dir, ...rest });
      stores.push(store);
      if (migrated) await migrate(store);
      return store;
    },
    async cleanup() {
      await Promise.allSettled(stores.map((store) => store.close()));
      await server?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
