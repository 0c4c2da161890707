import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore, type Store } from '../../../src/store/index.js';
import { createTestDatabase } from '../../../src/testing/index.js';
import { BACKENDS, SERVER_URL } from '../../helpers/databases.js';

const appliedMigrations = async (store: Store): Promise<string[]> => {
  const tables = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'fleet_migration'`.execute(store.db);
  if (tables.rows[0].n === 0) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM fleet_migration ORDER BY name`.execute(store.db);
  return rows.rows.map((row) => row.name);
};

describe('createTestDatabase', () => {
  it('gives an embedded database whatever DATABASE_URL says, and deletes it on cleanup', async () => {
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/nowhere';
    try {
      const database = await createTestDatabase('embedded');
      const store = await database.open();
      expect(store.kind).toBe('embedded');
      expect(database.url).toBeUndefined();
      await database.cleanup();
      expect(existsSync(database.dir)).toBe(false);
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it.each(BACKENDS)(
    'starts %s databases migrated, or empty when asked, before any store opens them',
    async (backend) => {
      const migrated = await createTestDatabase(backend);
      const empty = await createTestDatabase(backend, { schema: 'empty' });
      try {
        expect(await appliedMigrations(await migrated.open({ migrated: false }))).toEqual(Object.keys(MIGRATIONS));
        expect(await appliedMigrations(await empty.open({ migrated: false }))).toEqual([]);
        // Opening migrated brings an empty one up to date.
        expect(await appliedMigrations(await empty.open())).toEqual(Object.keys(MIGRATIONS));
      } finally {
        await Promise.all([migrated.cleanup(), empty.cleanup()]);
      }
    },
  );

  it('refuses a server database without a server URL', async () => {
    const saved = process.env.FLEET_TEST_DATABASE_URL;
    delete process.env.FLEET_TEST_DATABASE_URL;
    try {
      await expect(createTestDatabase('server')).rejects.toThrow(/needs a serverUrl/);
    } finally {
      if (saved !== undefined) process.env.FLEET_TEST_DATABASE_URL = saved;
    }
  });

  it.runIf(SERVER_URL !== undefined)('creates a fresh database on the server and drops it on cleanup', async () => {
    const database = await createTestDatabase('server', { serverUrl: SERVER_URL });
    const name = new URL(database.url as string).pathname.slice(1);
    expect(name).toMatch(/^fleet_test_[0-9a-f]{12}$/);
    const store = await database.open();
    expect(store.kind).toBe('server');
    await database.cleanup();
    const admin = await openStore({ url: SERVER_URL });
    try {
      const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_database WHERE datname = ${name}`.execute(
        admin.db,
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await admin.close();
    }
  });
});
