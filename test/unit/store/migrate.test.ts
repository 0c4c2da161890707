import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetError } from '../../../src/core/index.js';
import { checkSchema, MIGRATIONS, migrate, migrationStatus, readySchema } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

const extra: Migration = {
  up: async (db) => {
    await sql`CREATE TABLE extra (x int)`.execute(db);
  },
};

describe.each(BACKENDS)('migrations on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('applies once, then is up to date, and reports its status', async () => {
    database = await createTestDatabase(backend, { schema: 'empty' });
    const store = await database.open({ migrated: false });
    const names = Object.keys(MIGRATIONS);
    expect(await migrationStatus(store)).toEqual({ applied: [], pending: names, current: undefined, unknown: [] });
    await expect(checkSchema(store)).rejects.toThrow(
      `the database schema is behind this fleet (${names.length} pending migration`,
    );
    expect(await migrate(store)).toEqual({ applied: names, current: names.at(-1) });
    expect(await migrate(store)).toEqual({ applied: [], current: names.at(-1) });
    expect(await migrationStatus(store)).toEqual({ applied: names, pending: [], current: names.at(-1), unknown: [] });
    await checkSchema(store);
  });

  it('refuses a stale schema and a newer one', async () => {
    database = await createTestDatabase(backend, { schema: 'empty' });
    const store = await database.open();
    const newer = { ...MIGRATIONS, '9999-extra': extra };
    await expect(checkSchema(store, { migrations: newer })).rejects.toThrow(
      'the database schema is behind this fleet (1 pending migration): run fleet migrate',
    );
    await migrate(store, { migrations: newer });
    // This fleet's own list no longer covers what the database has.
    const error = await checkSchema(store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetError);
    expect((error as Error).message).toBe(
      'the database schema is newer than this fleet (unknown migration 9999-extra): upgrade fleet',
    );
    await expect(migrate(store)).rejects.toThrow('unknown migration 9999-extra');
  });

  it('leaves the schema as it was when a migration fails', async () => {
    database = await createTestDatabase(backend, { schema: 'empty' });
    const store = await database.open({ migrated: false });
    const failing: Migration = {
      up: async (db) => {
        await sql`CREATE TABLE half_done (x int)`.execute(db);
        throw new Error('boom');
      },
    };
    await expect(migrate(store, { migrations: { ...MIGRATIONS, '9999-failing': failing } })).rejects.toThrow(
      'migration 9999-failing failed, nothing was applied: boom',
    );
    const status = await migrationStatus(store);
    expect(status.applied).toEqual([]);
    const tables = await sql<{
      found: string | null;
    }>`SELECT to_regclass('half_done') AS found, to_regclass('bots') AS bots`.execute(store.db);
    expect(tables.rows[0]).toEqual({ found: null, bots: null });
  });

  it('readies the schema: the embedded database migrates itself, a server refuses to change silently', async () => {
    database = await createTestDatabase(backend, { schema: 'empty' });
    const store = await database.open({ migrated: false });
    const names = Object.keys(MIGRATIONS);
    if (backend === 'embedded') {
      expect(await readySchema(store)).toEqual({ applied: names });
      expect(await readySchema(store)).toEqual({ applied: [] });
    } else {
      await expect(readySchema(store)).rejects.toThrow('run fleet migrate');
      expect((await migrationStatus(store)).applied).toEqual([]);
      await migrate(store);
      expect(await readySchema(store)).toEqual({ applied: [] });
    }
    // A database newer than this fleet is refused on both.
    await migrate(store, { migrations: { ...MIGRATIONS, '9999-extra': extra } });
    await expect(readySchema(store)).rejects.toThrow('unknown migration 9999-extra');
  });

  it('lets two migrators run at once: one applies, the other finds nothing to do', async () => {
    database = await createTestDatabase(backend, { schema: 'empty' });
    const a = await database.open({ migrated: false });
    const b = await database.open({ migrated: false });
    const results = await Promise.all([migrate(a), migrate(b)]);
    const applied = results.map((result) => result.applied.length).sort();
    expect(applied).toEqual([0, Object.keys(MIGRATIONS).length]);
    expect((await migrationStatus(a)).pending).toEqual([]);
  });
});
