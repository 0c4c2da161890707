import type pg from 'pg';
import { FleetError, sleep } from '../core/index.js';

/** Errors worth another try: the server is not (yet) there. Auth and missing databases are not. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', '57P03']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function reason(error: unknown): string {
  const code = codeOf(error);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === '28P01' || code === '28000') return 'authentication failed';
  if (code === '3D000') return 'the database does not exist';
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim() || (code ?? 'unknown error');
}

export interface ConnectOptions {
  /** Tries before giving up on a transient failure (default 4). */
  readonly attempts?: number;
  /** First wait between tries in ms; it doubles each time (default 100). */
  readonly backoffMs?: number;
}

/**
 * Proves the pool can reach its server with one round trip, retrying a refused connection a few
 * times with backoff; fails with one line naming host:port (never the password).
 */
export async function checkConnection(
  pool: pg.Pool,
  where: { host: string; port: number },
  options: ConnectOptions = {},
): Promise<void> {
  const attempts = options.attempts ?? 4;
  let wait = options.backoffMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      const code = codeOf(error);
      if (attempt >= attempts || code === undefined || !TRANSIENT.has(code))
        throw new FleetError(`cannot connect to the database at ${where.host}:${where.port}: ${reason(error)}`, 1, {
          cause: error,
        });
      await sleep(wait);
      wait *= 2;
    }
  }
}
