import { sql } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import { FleetError } from '../core/index.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Store } from './store.js';
import { withLock } from './with-lock.js';

export interface MigrateOptions {
  /** The migrations to use instead of fleet's own (tests inject failing ones). */
  readonly migrations?: Readonly<Record<string, Migration>>;
}

export interface MigrationStatus {
  readonly applied: string[];
  readonly pending: string[];
  /** The last applied migration, undefined for an empty database. */
  readonly current: string | undefined;
  /** Applied migrations this fleet does not know: the database is newer than the code. */
  readonly unknown: string[];
}

const MIGRATION_TABLE = 'fleet_migration';
const MIGRATION_LOCK_TABLE = 'fleet_migration_lock';

function migrator(store: Store, migrations: Readonly<Record<string, Migration>>): Migrator {
  return new Migrator({
    db: store.db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

async function appliedNames(store: Store): Promise<string[]> {
  const exists = await sql<{ found: string | null }>`SELECT to_regclass(${MIGRATION_TABLE}) AS found`.execute(store.db);
  if (exists.rows[0]?.found == null) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(
    store.db,
  );
  return rows.rows.map((row) => row.name);
}

export async function migrationStatus(store: Store, options: MigrateOptions = {}): Promise<MigrationStatus> {
  const known = Object.keys(options.migrations ?? MIGRATIONS).sort();
  const applied = await appliedNames(store);
  const done = new Set(applied);
  const knownSet = new Set(known);
  return {
    applied,
    pending: known.filter((name) => !done.has(name)),
    current: applied.at(-1),
    unknown: applied.filter((name) => !knownSet.has(name)),
  };
}

/** Refuses a database whose schema is not exactly this fleet's (a runner checks this at boot). */
export async function checkSchema(store: Store, options: MigrateOptions = {}): Promise<MigrationStatus> {
  const status = await migrationStatus(store, options);
  if (status.unknown.length > 0)
    throw new FleetError(
      `the database schema is newer than this fleet (unknown migration ${status.unknown[0]}): upgrade fleet`,
    );
  if (status.pending.length > 0)
    throw new FleetError(
      `the database schema is behind this fleet (${status.pending.length} pending migration${status.pending.length === 1 ? '' : 's'}): run fleet migrate`,
    );
  return status;
}

/**
 * Applies every pending migration in one transaction (Postgres DDL is transactional, so a failure
 * leaves the schema as it was). Idempotent; concurrent callers queue on a lock and the later ones
 * find nothing to do.
 */
export async function migrate(
  store: Store,
  options: MigrateOptions = {},
): Promise<{ applied: string[]; current: string }> {
  const migrations = options.migrations ?? MIGRATIONS;
  return withLock(store, 'fleet:migrate', async () => {
    const before = await migrationStatus(store, options);
    if (before.unknown.length > 0) await checkSchema(store, options);
    const { error, results } = await migrator(store, migrations).migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName;
      const reason = error instanceof Error ? error.message : String(error);
      throw new FleetError(`migration ${failed ?? '(setup)'} failed, nothing was applied: ${reason}`, 1, {
        cause: error,
      });
    }
    const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const after = await migrationStatus(store, options);
    return { applied, current: after.current ?? '' };
  });
}
