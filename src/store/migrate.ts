import { sql } from 'kysely';
import type { Migration, Migrator } from 'kysely/migration';
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

/** Loaded only when there is something to apply, so a command on an up-to-date database never pays for it. */
async function migrator(store: Store, migrations: Readonly<Record<string, Migration>>): Promise<Migrator> {
  const { Migrator } = await import('kysely/migration');
  return new Migrator({
    db: store.db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/** One round trip: an empty database has no migration table yet (undefined_table, 42P01). */
async function appliedNames(store: Store): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(
      store.db,
    );
    return rows.rows.map((row) => row.name);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === '42P01') return [];
    throw error;
  }
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
  return refuseStale(await migrationStatus(store, options));
}

function refuseStale(status: MigrationStatus): MigrationStatus {
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
    const { error, results } = await (await migrator(store, migrations)).migrateToLatest();
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

/**
 * Makes the schema ready for work. The embedded database is the project's own, so on first use
 * (or after an upgrade of fleet) it migrates itself and returns what it applied, for the caller to
 * say so; a server is shared and never migrates silently: a stale one is refused ("run fleet
 * migrate"), as by `checkSchema`.
 */
export async function readySchema(store: Store, options: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const status = await migrationStatus(store, options);
  if (store.kind !== 'embedded' || status.pending.length === 0 || status.unknown.length > 0) {
    refuseStale(status);
    return { applied: [] };
  }
  return { applied: (await migrate(store, options)).applied };
}
