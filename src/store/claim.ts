import { type Selectable, sql } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export interface ClaimOptions<T extends keyof Database> {
  readonly table: T;
  /** Columns a claimable row must equal (null means IS NULL). */
  readonly where: Readonly<Partial<Record<keyof Database[T] & string, unknown>>>;
  /** What claiming writes; a value may be a kysely `sql` expression, e.g. sql`attempts + 1`. */
  readonly set: Readonly<Partial<Record<keyof Database[T] & string, unknown>>>;
  /** The row's key column (default `id`). */
  readonly key?: keyof Database[T] & string;
  /** Which row goes first (default the key, ascending). */
  readonly orderBy?: keyof Database[T] & string;
}

/**
 * Claims one row for this worker in ONE statement: `UPDATE … WHERE key = (SELECT … LIMIT 1)
 * RETURNING *`. On a server the inner select adds FOR UPDATE SKIP LOCKED so concurrent claimers
 * take different rows instead of queueing; on embedded the one session runs statements one at a
 * time, so the single statement is already atomic. Undefined when nothing is claimable.
 */
export async function claimNext<T extends keyof Database>(
  store: Store,
  options: ClaimOptions<T>,
): Promise<Selectable<Database[T]> | undefined> {
  const table = sql.table(options.table);
  const key = sql.ref(options.key ?? 'id');
  const order = sql.ref(options.orderBy ?? options.key ?? 'id');
  const conditions = Object.entries(options.where).map(([column, value]) =>
    value === null ? sql`${sql.ref(column)} IS NULL` : sql`${sql.ref(column)} = ${value}`,
  );
  const where = conditions.length > 0 ? sql.join(conditions, sql` AND `) : sql`true`;
  const assignments = Object.entries(options.set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  if (assignments.length === 0) throw new Error('claimNext needs at least one column to set');
  const skipLocked = store.kind === 'server' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<Selectable<Database[T]>>`
    UPDATE ${table} SET ${sql.join(assignments)}
    WHERE ${where} AND ${key} = (SELECT ${key} FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT 1${skipLocked})
    RETURNING *`.execute(store.db);
  return result.rows[0];
}
