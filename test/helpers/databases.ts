import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS, migrate, type OpenStoreOptions, openStore, type Store } from '../../src/store/index.js';

/**
 * The store backends every store test runs on: the embedded default always, and a Postgres server
 * when FLEET_TEST_DATABASE_URL is set (CI sets it). Each test database is private: a fresh folder
 * copied from a template (creating a PGlite database takes seconds, a copy well under one), or a
 * fresh `fleet_test_<random>` database on the server, dropped afterwards.
 */
export type BackendName = 'embedded' | 'server';

export const SERVER_URL = process.env.FLEET_TEST_DATABASE_URL || undefined;
export const BACKENDS: readonly BackendName[] = SERVER_URL ? ['embedded', 'server'] : ['embedded'];

// Tests choose their backend explicitly; a developer's DATABASE_URL must not redirect them.
delete process.env.DATABASE_URL;

export interface TestDatabase {
  readonly backend: BackendName;
  /** The project state folder (embedded) in which `db/` lives. */
  readonly dir: string;
  /** The server URL (server backend only). */
  readonly url: string | undefined;
  /** Opens a store on this database; `migrated` (default true) also applies the migrations. */
  open(options?: { migrated?: boolean } & OpenStoreOptions): Promise<Store>;
  /** Closes every store opened here and deletes the database. */
  cleanup(): Promise<void>;
}

/** The folder of an initialised (not migrated) PGlite data dir, created once per machine state. */
export async function embeddedTemplate(): Promise<string> {
  const path = join(tmpdir(), `fleet-store-template-${Object.keys(MIGRATIONS).length}-v1`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const scratch = mkdtempSync(join(tmpdir(), 'fleet-template-'));
  try {
    const store = await openStore({ url: undefined, dir: scratch });
    await store.close();
    try {
      renameSync(join(scratch, 'db', 'pgdata'), path);
    } catch (error) {
      // Another test file made it first: theirs is as good as ours.
      if (!existsSync(join(path, 'PG_VERSION'))) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return path;
}

export async function createTestDatabase(backend: BackendName): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-store-test-'));
  const stores: Store[] = [];
  let url: string | undefined;
  let drop = async () => {};
  if (backend === 'embedded') {
    mkdirSync(join(dir, 'db'), { recursive: true });
    cpSync(await embeddedTemplate(), join(dir, 'db', 'pgdata'), { recursive: true });
  } else {
    const admin = SERVER_URL as string;
    const name = `fleet_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(admin, `CREATE DATABASE ${name}`);
    const parsed = new URL(admin);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    drop = async () => {
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
  }
  return {
    backend,
    dir,
    url,
    async open(options = {}) {
      const { migrated = true, ...rest } = options;
      const store = await openStore({ url, dir, ...rest });
      stores.push(store);
      if (migrated) await migrate(store);
      return store;
    },
    async cleanup() {
      await Promise.allSettled(stores.map((store) => store.close()));
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
