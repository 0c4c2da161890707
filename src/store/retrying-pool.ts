import type pg from 'pg';
import { FleetError, sleep } from '../core/index.js';
import { queryOnce, type StorePool } from './failover-pool.js';

/** The server is not there for the moment (restarting, a network blip): worth waiting for. */
const DROPPED = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', '57P01', '57P03']);

export interface RetryingPoolOptions {
  /** Tries for a new connection before giving up (default 6: about 6 s of backoff). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly where: { readonly host: string; readonly port: number };
}

/**
 * A server pool that rides out a dropped connection: a query in flight when the server went away
 * fails (it may or may not have committed, so only its caller can decide), but asking for a new
 * connection retries with backoff while the server is refusing or restarting, and then fails with
 * one line naming host:port.
 */
export class RetryingPool implements StorePool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: RetryingPoolOptions,
  ) {}

  get options(): object {
    return this.pool.options;
  }

  get Client(): unknown {
    return (this.pool as unknown as { Client?: unknown }).Client;
  }

  async connect(): Promise<pg.PoolClient> {
    const attempts = this.settings.attempts ?? 6;
    let wait = this.settings.backoffMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.connect();
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= attempts || typeof code !== 'string' || !DROPPED.has(code)) {
          if (typeof code === 'string' && DROPPED.has(code)) {
            const { host, port } = this.settings.where;
            throw new FleetError(`lost the database at ${host}:${port} and it did not come back (${code})`, 1, {
              cause: error,
            });
          }
          throw error;
        }
        await sleep(wait);
        wait = Math.min(wait * 2, 2000);
      }
    }
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig | string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    return queryOnce<R>(this, config, values);
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
