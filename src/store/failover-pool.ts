import type pg from 'pg';
import { type EmbeddedHandle, openEmbedded } from './embedded.js';
import { createPool } from './pool.js';

/** The part of pg's Pool that kysely and the store use. */
export interface StorePool {
  connect(): Promise<pg.PoolClient>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig | string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  end(): Promise<void>;
  /** What kysely reads off a pool to build connections and cancel queries. */
  readonly options: object;
  readonly Client?: unknown;
}

/** One statement on a connection of the pool's own choosing, returned to it afterwards. */
export async function queryOnce<R extends pg.QueryResultRow>(
  pool: Pick<StorePool, 'connect'>,
  config: pg.QueryConfig | string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  const client = await pool.connect();
  try {
    return await client.query<R>(config as pg.QueryConfig, values);
  } finally {
    client.release();
  }
}

/** A connection that failed because nobody serves the database at that port any more. */
function ownerGone(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error)?.message ?? '';
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || /Connection terminated/i.test(message);
}

export const embeddedPool = (handle: EmbeddedHandle) =>
  createPool({ host: handle.host, port: handle.port, user: 'postgres', database: 'postgres', max: 4 });

/**
 * A client's pool on the embedded database that outlives its owner: when the owner process exits,
 * the next connection fails, and instead of failing every query from then on, this process runs
 * the owner election again (connecting to whoever won, or becoming the owner itself) and carries
 * on. A query that was in flight when the owner went is still reported as failed.
 */
export class FailoverPool implements StorePool {
  private switching: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly dbDir: string,
    private handle: EmbeddedHandle,
    private pool: pg.Pool,
  ) {}

  get role(): EmbeddedHandle['role'] {
    return this.handle.role;
  }

  get options(): object {
    return this.pool.options;
  }

  get Client(): unknown {
    return (this.pool as unknown as { Client?: unknown }).Client;
  }

  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      if (this.closed || !ownerGone(error)) throw error;
      await this.failover();
      return this.pool.connect();
    }
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig | string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return queryOnce<R>(this, config, values);
  }

  async end(): Promise<void> {
    this.closed = true;
    await this.switching?.catch(() => {});
    try {
      await this.pool.end();
    } finally {
      await this.handle.release();
    }
  }

  private failover(): Promise<void> {
    this.switching ??= (async () => {
      const old = this.pool;
      const previous = this.handle;
      this.handle = await openEmbedded(this.dbDir);
      this.pool = embeddedPool(this.handle);
      await previous.release();
      old.end().catch(() => {});
    })().finally(() => {
      this.switching = undefined;
    });
    return this.switching;
  }
}
