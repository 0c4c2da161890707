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
  /** First wait between tries in ms; it doubles each time (default 100), up to 5 s. */
  readonly backoffMs?: number;
  /**
   * Keep trying a transient failure for this long (ms) instead of `attempts` times: a server that
   * is down at start (still booting, restarting) is waited for.
   */
  readonly waitMs?: number;
  /** Told once, at the first transient failure, when `waitMs` makes it wait. */
  readonly onWaiting?: (reason: string, waitMs: number) => void;
}

const MAX_BACKOFF_MS = 5_000;

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
  const { waitMs } = options;
  const deadline = waitMs === undefined ? undefined : Date.now() + waitMs;
  let wait = options.backoffMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      const code = codeOf(error);
      const left = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - Date.now();
      const spent = deadline === undefined ? attempt >= attempts : left <= 0;
      if (spent || code === undefined || !TRANSIENT.has(code)) {
        const waited = waitMs !== undefined && attempt > 1 ? ` (waited ${waitMs / 1000} s)` : '';
        throw new FleetError(
          `cannot connect to the database at ${where.host}:${where.port}: ${reason(error)}${waited}`,
          1,
          { cause: error },
        );
      }
      if (attempt === 1 && waitMs !== undefined) options.onWaiting?.(reason(error), waitMs);
      await sleep(Math.min(wait, left));
      wait = Math.min(wait * 2, MAX_BACKOFF_MS);
    }
  }
}
