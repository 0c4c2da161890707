import { FleetError, type StudyStorage, settle, type TaskResult, type WorkerPool } from '../core/index.js';
import { DEFAULT_OBJECTIVE_CONSTRAINTS } from './objective.js';
import type { OptimiseOptions } from './optimise.js';
import { bestTrial, runStudyLoop } from './run-study.js';
import { createSampler, type ParamPoint } from './samplers/index.js';
import { feasibleFor, type searchSpace } from './space.js';
import { runTrialTask, type StudyData, type TrialOutcome, type TrialTask } from './trial-task.js';

/** What tuning one window of an instrument's bars needs. */
export interface WindowContext {
  readonly options: OptimiseOptions;
  readonly data: StudyData;
  readonly space: ReturnType<typeof searchSpace>;
  readonly storage: StudyStorage;
  readonly pool: WorkerPool<TrialTask, TrialOutcome> | undefined;
}

/** A study over bars [start, end): its trials, the best of them, and how to evaluate more. */
export async function tuneWindow(context: WindowContext, start: number, end: number, studySuffix: string) {
  const { options, data, space, storage, pool } = context;
  const { spec } = options;
  const constraints = options.constraints ?? DEFAULT_OBJECTIVE_CONSTRAINTS;
  const fixed = options.fixed ?? {};
  const task = (params: ParamPoint): TrialTask => ({
    spec,
    data,
    start,
    end,
    params: { ...fixed, ...params },
    costs: options.costs,
    metric: options.metric,
    constraints,
  });
  const evaluate = (params: ParamPoint): Promise<TaskResult<TrialOutcome>> =>
    pool ? pool.run(task(params)) : settle(() => runTrialTask(task(params)));
  const feasible = feasibleFor(spec, fixed);
  const trials = await runStudyLoop({
    study: { name: `${options.study ?? spec.spec.name}/${data.symbol}/${options.metric}${studySuffix}` },
    storage,
    // The schedule (PROPOSAL_WINDOW trials pending, the constant liar keeping them apart) is the
    // same on any number of threads, inline included, so the trials are too.
    sampler: createSampler(options.sampler, { seed: options.seed ?? 0, constantLiar: true }),
    space,
    trials: options.trials,
    feasible,
    evaluate,
    onTrial: (event) => options.onTrial?.(`${data.symbol}${studySuffix}`, event),
  });
  const best = bestTrial(trials);
  if (!best) {
    throw new FleetError(
      `no trial on ${data.symbol}${studySuffix} met the constraints (at least ${constraints.minTrades} trades${constraints.maxDrawdown === undefined ? '' : `, drawdown at most ${constraints.maxDrawdown}`})`,
    );
  }
  return { trials, best, feasible, evaluate };
}
