import { hostname } from 'node:os';
import { sql } from 'kysely';
import {
  FleetError,
  pidAlive,
  type StoredParamValue,
  type StoredTrial,
  type StudyKey,
  type StudyStorage,
} from '../core/index.js';
import type { Store } from './store.js';

type Outcome = Parameters<StudyStorage['finishTrial']>[2];

/** How long a trial may run before another process may declare it abandoned. */
export const STALE_TRIAL_LEASE_MS = 6 * 60 * 60 * 1000;

/**
 * A study's trials in the `trials` table, so a study survives a crash (`fleet optimise --study`
 * resumes it) and several processes on one Postgres can share it. Trial numbers are unique and
 * gap-free: each is `max + 1` computed inside the INSERT, under a per-study transaction lock.
 */
export class StoreStudyStorage implements StudyStorage {
  private readonly worker: string;

  constructor(
    private readonly store: Store,
    options: { worker?: string } = {},
  ) {
    this.worker = options.worker ?? `${hostname()}:${process.pid}`;
  }

  async trials(study: StudyKey): Promise<StoredTrial[]> {
    const rows = await this.store.db
      .selectFrom('trials')
      .select(['number', 'params', 'state', 'value', 'attributes', 'error'])
      .where('study', '=', study.name)
      .orderBy('number')
      .execute();
    return rows.map((row) => {
      const trial: { -readonly [K in keyof StoredTrial]: StoredTrial[K] } = {
        number: row.number,
        params: row.params as Record<string, StoredParamValue>,
        state: row.state,
      };
      if (row.state === 'complete') {
        trial.value = row.value;
        if (row.attributes != null) trial.attributes = row.attributes as Record<string, unknown>;
      }
      if (row.state === 'failed') trial.error = row.error ?? '';
      return trial;
    });
  }

  /**
   * A running trial is stale when its process ran on this machine and no longer exists, or when
   * it started longer ago than the lease (a process elsewhere that died cannot be asked).
   */
  async abandonStale(study: StudyKey, options: { leaseMs?: number } = {}): Promise<number> {
    const leaseMs = options.leaseMs ?? STALE_TRIAL_LEASE_MS;
    const running = await this.store.db
      .selectFrom('trials')
      .select(['number', 'worker', 'started_at'])
      .where('study', '=', study.name)
      .where('state', '=', 'running')
      .execute();
    const here = hostname();
    let abandoned = 0;
    for (const trial of running) {
      const [host, pid] = (trial.worker ?? '').split(':');
      const gone = host === here && Number(pid) > 0 && !pidAlive(Number(pid));
      const expired = Date.now() - new Date(trial.started_at).getTime() > leaseMs;
      if (!gone && !expired) continue;
      const error = gone
        ? `abandoned: process ${pid} on ${host} is gone`
        : `abandoned: running for over ${Math.round(leaseMs / 60_000)} minutes`;
      const updated = await this.store.db
        .updateTable('trials')
        .set({ state: 'failed', error, finished_at: sql<Date>`now()` })
        .where('study', '=', study.name)
        .where('number', '=', trial.number)
        .where('state', '=', 'running')
        .executeTakeFirst();
      abandoned += Number(updated.numUpdatedRows);
    }
    return abandoned;
  }

  async startTrial(study: StudyKey, params: Readonly<Record<string, StoredParamValue>>): Promise<number> {
    return this.store.db.transaction().execute(async (tx) => {
      // Serialises starters of one study on a server; on embedded the one session already does.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`fleet:study:${study.name}`}, 0))`.execute(tx);
      await sql`INSERT INTO studies (name) VALUES (${study.name}) ON CONFLICT (name) DO NOTHING`.execute(tx);
      const inserted = await sql<{ number: number }>`
        INSERT INTO trials (study, number, state, params, worker)
        SELECT ${study.name}, coalesce(max(number) + 1, 0), 'running', ${JSON.stringify(params)}::jsonb, ${this.worker}
        FROM trials WHERE study = ${study.name}
        RETURNING number`.execute(tx);
      const row = inserted.rows[0];
      if (row === undefined) throw new FleetError(`could not start a trial of ${study.name}`);
      return row.number;
    });
  }

  async finishTrial(study: StudyKey, number: number, outcome: Outcome): Promise<void> {
    const update = this.store.db
      .updateTable('trials')
      .set(
        outcome.state === 'complete'
          ? {
              state: 'complete',
              value: outcome.value === null || Number.isFinite(outcome.value) ? outcome.value : null,
              attributes: outcome.attributes === undefined ? null : JSON.stringify(outcome.attributes),
              finished_at: sql<Date>`now()`,
            }
          : { state: 'failed', error: outcome.error, finished_at: sql<Date>`now()` },
      )
      .where('study', '=', study.name)
      .where('number', '=', number)
      .where('state', '=', 'running');
    const result = await update.executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new FleetError(`trial ${number} of ${study.name} is not running`);
  }
}
