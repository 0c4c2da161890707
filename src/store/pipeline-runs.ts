import type { Store } from './store.js';
import { insertEvent, type NewEvent } from './trading/events.js';

/** One row of `pipeline_runs`: a run's kind, its state and everything it recorded (`data`). */
export interface PipelineRunRow<T = unknown> {
  readonly id: number;
  readonly kind: string;
  readonly state: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly data: T;
}

const toRow = <T>(row: {
  id: number | string;
  kind: string;
  state: string;
  created_at: Date | string;
  updated_at: Date | string;
  data: unknown;
}): PipelineRunRow<T> => ({
  id: Number(row.id),
  kind: row.kind,
  state: row.state,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  data: row.data as T,
});

/** Inserts a run and returns its id. */
export async function createPipelineRun(store: Store, kind: string, state: string, data: unknown): Promise<number> {
  const { id } = await store.db
    .insertInto('pipeline_runs')
    .values({ kind, state, data: JSON.stringify(data) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/**
 * Replaces a run's state and data (the whole document: one write, never half of it), and records
 * `event` (a stage finished, failed or gated) in the same transaction: the event exists if and
 * only if the state it reports does.
 */
export async function savePipelineRun(
  store: Store,
  id: number,
  state: string,
  data: unknown,
  event?: NewEvent,
): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('pipeline_runs')
      .set({ state, data: JSON.stringify(data), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    if (event !== undefined) await insertEvent(tx, event);
  });
}

export async function readPipelineRun<T>(store: Store, id: number): Promise<PipelineRunRow<T> | undefined> {
  const row = await store.db.selectFrom('pipeline_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRow<T>(row);
}

/** Runs of one kind, newest first. */
export async function listPipelineRuns<T>(store: Store, kind: string, limit = 50): Promise<PipelineRunRow<T>[]> {
  const rows = await store.db
    .selectFrom('pipeline_runs')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => toRow<T>(row));
}
