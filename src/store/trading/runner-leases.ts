import { sql } from 'kysely';
import type { Store } from '../store.js';
import { withLock } from '../with-lock.js';
import { insertEvent } from './events.js';

/** A bot's lease as the runtime row holds it: which process runs it, and its last heartbeat. */
export interface HeldLease {
  readonly bot: string;
  readonly owner: string;
  readonly host: string | null;
  readonly pid: number | null;
  readonly heartbeatAt: Date | null;
}

/** Every lease a runner holds (expired or not), oldest bot name first. */
export async function heldLeases(store: Store): Promise<HeldLease[]> {
  const rows = await store.db
    .selectFrom('bot_runtime')
    .select(['bot', 'lease_owner', 'lease_host', 'lease_pid', 'heartbeat_at'])
    .where('lease_owner', 'is not', null)
    .orderBy('bot')
    .execute();
  return rows.map((row) => ({
    bot: row.bot,
    owner: row.lease_owner as string,
    host: row.lease_host,
    pid: row.lease_pid,
    heartbeatAt: row.heartbeat_at,
  }));
}

/** A bot whose runner says `running` but has not written a heartbeat for too long. */
export interface StaleRunner {
  readonly bot: string;
  readonly heartbeatAt: Date;
  /** Milliseconds since the heartbeat, on the database's clock. */
  readonly ageMs: number;
  readonly owner: string | null;
  readonly host: string | null;
  readonly pid: number | null;
}

/**
 * Records one `heartbeat_stale` alert for each bot whose runtime says `running` with a heartbeat
 * older than `staleAfterMs`, unless one was already recorded since that heartbeat: one alert per
 * staleness, however many processes look. Returns the bots it alerted now.
 */
export async function alertStaleRunners(store: Store, staleAfterMs: number): Promise<StaleRunner[]> {
  return withLock(store, 'heartbeat-alerts', () =>
    store.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{
        bot: string;
        heartbeat_at: Date;
        age_ms: number | string;
        lease_owner: string | null;
        lease_host: string | null;
        lease_pid: number | null;
      }>`
        SELECT r.bot, r.heartbeat_at, extract(epoch FROM now() - r.heartbeat_at) * 1000 AS age_ms,
          r.lease_owner, r.lease_host, r.lease_pid
        FROM bot_runtime r
        WHERE r.status = 'running' AND r.heartbeat_at IS NOT NULL
          AND r.heartbeat_at < now() - ${staleAfterMs}::double precision * interval '1 millisecond'
          AND NOT EXISTS (SELECT 1 FROM events e
            WHERE e.bot = r.bot AND e.kind = 'heartbeat_stale' AND e.ts >= r.heartbeat_at)
        ORDER BY r.bot`.execute(tx);
      const stale = rows.map((row) => ({
        bot: row.bot,
        heartbeatAt: row.heartbeat_at,
        ageMs: Number(row.age_ms),
        owner: row.lease_owner,
        host: row.lease_host,
        pid: row.lease_pid,
      }));
      for (const runner of stale) {
        const holder = runner.owner === null ? 'its runner' : `its runner ${runner.owner}`;
        await insertEvent(tx, {
          bot: runner.bot,
          level: 'alert',
          kind: 'heartbeat_stale',
          message: `no heartbeat for ${Math.round(runner.ageMs / 1000)} s (last ${runner.heartbeatAt.toISOString()}): ${holder} has died or hangs`,
          data: { heartbeatAt: runner.heartbeatAt.toISOString(), ageMs: Math.round(runner.ageMs), owner: runner.owner },
        });
      }
      return stale;
    }),
  );
}
