import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import type { StorePool } from './failover-pool.js';
import type { Database } from './schema.js';

// int8 (bigserial ids, epoch-ms chunk starts) as numbers: exact below 2^53, which covers both.
// numeric stays a string (pg's default) so money is never silently rounded.
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads do not accept the union
    return pg.types.getTypeParser(oid, format as any);
  },
};

export type PoolConfig = pg.PoolConfig;

export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool({ ...config, types } as pg.PoolConfig);
  // A client whose server went away (an embedded owner that exited, a dropped connection) must
  // not crash the process: an idle one is dropped by the pool, and one in use also rejects its
  // query, which reports the failure where it happened.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export function kyselyOver(pool: StorePool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as PostgresPool }) });
}
