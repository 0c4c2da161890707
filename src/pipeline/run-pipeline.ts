import { hostname } from 'node:os';
import { FleetError, pidAlive, UsageError } from '../core/index.js';
import {
  createPipelineRun,
  type EventRecord,
  eventsOf,
  listPipelineRuns,
  type NewEvent,
  type PipelineRunRow,
  readPipelineRun,
  type Store,
  savePipelineRun,
} from '../store/index.js';
import {
  PIPELINE_KIND,
  PIPELINE_STAGES,
  type PipelineRun,
  type PipelineRunData,
  type RunPipelineOptions,
  type RunState,
  type StageName,
  type StageRecord,
} from './pipeline-run.js';
import { STAGE_WORK } from './pipeline-stages.js';

const here = () => `${hostname()}:${process.pid}`;

const toRun = (row: PipelineRunRow<PipelineRunData>): PipelineRun => ({
  id: row.id,
  state: row.state as RunState,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  ...row.data,
});

/** A run by id; a UsageError naming it when there is none. */
export async function pipelineRun(store: Store, id: number): Promise<PipelineRun> {
  const row = await readPipelineRun<PipelineRunData>(store, id);
  if (row === undefined || row.kind !== PIPELINE_KIND)
    throw new UsageError(`no pipeline run ${id} (fleet pipeline ls lists them)`);
  return toRun(row);
}

/** Runs, newest first. A run left `running` by a process that is gone shows as `interrupted`. */
export async function pipelineRuns(store: Store, limit = 50): Promise<(PipelineRun & { interrupted: boolean })[]> {
  const rows = await listPipelineRuns<PipelineRunData>(store, PIPELINE_KIND, limit);
  return rows.map((row) => ({ ...toRun(row), interrupted: row.state === 'running' && !workerAlive(row.data.worker) }));
}

/** The events the run's stages recorded (kind `pipeline.<stage>`, no bot), oldest first. */
export async function pipelineEvents(store: Store, id: number): Promise<EventRecord[]> {
  const kinds = [...PIPELINE_STAGES, 'gate'].map((stage) => `${PIPELINE_KIND}.${stage}`);
  const events = await eventsOf(store, { kinds });
  return events.filter((event) => (event.data as { run?: number } | undefined)?.run === id);
}

function workerAlive(worker: string | undefined): boolean {
  if (worker === undefined) return false;
  const [host, pid] = worker.split(':');
  // A process on another machine cannot be asked: assume it lives.
  return host !== hostname() || pidAlive(Number(pid));
}

/**
 * design → screen → optimise → register, each stage's input, output, timing and status persisted
 * in `pipeline_runs` as it goes, and an event with its key numbers for each. `resume` continues a
 * run: stages already done are skipped (their records stay as they were), a failed or interrupted
 * stage runs again (the optimiser continues its stored study). A gated stage asks `gate` first;
 * without a yes the run stops in state `gated`, and resuming it is the yes.
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineRun> {
  const { store } = options;
  let id: number;
  let data: PipelineRunData;
  if (options.resume !== undefined) {
    const run = await pipelineRun(store, options.resume);
    if (run.state === 'running' && workerAlive(run.worker)) {
      throw new UsageError(`pipeline run ${run.id} is running in ${run.worker}; wait for it or stop it first`);
    }
    id = run.id;
    const { id: _i, state: _s, createdAt: _c, updatedAt: _u, gatedAt, error: _e, ...rest } = run;
    data = { ...rest, approved: gatedAt ? [...rest.approved, gatedAt] : rest.approved, worker: here() };
  } else {
    if (options.input === undefined) throw new UsageError('a pipeline needs an idea, a spec or --resume');
    data = { input: options.input, stages: {}, approved: [], worker: here() };
    id = await createPipelineRun(store, PIPELINE_KIND, 'running', data);
  }
  const save = async (state: RunState, event?: NewEvent) => {
    await savePipelineRun(store, id, state, data, event);
    return pipelineRun(store, id);
  };
  let run = await save('running');
  for (const stage of PIPELINE_STAGES) {
    const done = data.stages[stage];
    if (done?.status === 'done') {
      options.onStage?.({ run: id, stage, status: 'skipped', record: done });
      continue;
    }
    if (data.input.gates.includes(stage) && !data.approved.includes(stage)) {
      if (!(options.gate && (await options.gate(run, stage)))) {
        data = { ...data, gatedAt: stage };
        return save('gated', {
          bot: null,
          level: 'warn',
          kind: `${PIPELINE_KIND}.gate`,
          message: `pipeline ${id} waits before ${stage} for a yes`,
          data: { run: id, stage },
        });
      }
      data = { ...data, approved: [...data.approved, stage] };
    }
    run = await runStage(options, id, stage, data, (next, event) => {
      data = next;
      return save('running', event);
    });
  }
  data = { ...data, worker: undefined };
  return save('done');
}

async function runStage(
  options: RunPipelineOptions,
  id: number,
  stage: StageName,
  before: PipelineRunData,
  save: (data: PipelineRunData, event?: NewEvent) => Promise<PipelineRun>,
): Promise<PipelineRun> {
  const { store } = options;
  const began = Date.now();
  const started: StageRecord = {
    status: 'running',
    startedAt: new Date(began).toISOString(),
    attempts: (before.stages[stage]?.attempts ?? 0) + 1,
  };
  const withStage = (record: StageRecord): PipelineRunData => ({
    ...before,
    stages: { ...before.stages, [stage]: record },
  });
  await save(withStage(started));
  options.onStage?.({ run: id, stage, status: 'started', record: started });
  const outputs = Object.fromEntries(
    Object.entries(before.stages).map(([name, record]) => [name, record?.output as Record<string, unknown>]),
  );
  try {
    const result = await STAGE_WORK[stage]({ store, run: id, input: before.input, outputs, options });
    const ms = Date.now() - began;
    const record: StageRecord = {
      ...started,
      status: 'done',
      finishedAt: new Date().toISOString(),
      ms,
      output: result.output,
      summary: result.message,
    };
    const message = `pipeline ${id}: ${result.message} (${(ms / 1000).toFixed(1)} s)`;
    const saved = await save(withStage(record), {
      bot: null,
      level: 'info',
      kind: `${PIPELINE_KIND}.${stage}`,
      message,
      data: { run: id, stage, status: 'done', ms },
    });
    options.onStage?.({ run: id, stage, status: 'done', record, message });
    return saved;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const record: StageRecord = {
      ...started,
      status: 'failed',
      finishedAt: new Date().toISOString(),
      ms: Date.now() - began,
      error: message,
    };
    const failed = { ...withStage(record), error: `${stage}: ${message}`, worker: undefined };
    await savePipelineRun(store, id, 'failed', failed, {
      bot: null,
      level: 'error',
      kind: `${PIPELINE_KIND}.${stage}`,
      message: `pipeline ${id}: ${stage} failed: ${message}`,
      data: { run: id, stage, status: 'failed' },
    });
    options.onStage?.({ run: id, stage, status: 'failed', record, message });
    if (error instanceof FleetError) throw error;
    throw new FleetError(`pipeline ${id}: ${stage} failed: ${message}`, undefined, { cause: error });
  }
}
