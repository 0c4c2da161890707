import type { StoredTrial, StudyKey, StudyStorage, TaskResult } from '../core/index.js';
import {
  GridExhaustedError,
  type ParamPoint,
  type Sampler,
  type SearchSpace,
  type TrialRecord,
} from './samplers/index.js';
import type { TrialOutcome } from './trial-task.js';

export interface TrialEvent {
  readonly number: number;
  readonly value: number | null;
  readonly best: number | null;
  readonly done: number;
  readonly total: number;
}

export interface StudyLoop {
  readonly study: StudyKey;
  readonly storage: StudyStorage;
  readonly sampler: Sampler;
  readonly space: SearchSpace;
  /** Trials the study should have when done, counting those it already had. */
  readonly trials: number;
  /** Trials evaluated at once (one per worker thread). */
  readonly concurrency: number;
  readonly feasible: (point: ParamPoint) => boolean;
  /** Evaluates one parameter set (on a worker thread or inline). */
  readonly evaluate: (params: ParamPoint) => Promise<TaskResult<TrialOutcome>>;
  readonly onTrial?: (event: TrialEvent) => void;
}

/**
 * Propose → evaluate → record, keeping `concurrency` trials in flight. The sampler sees the
 * running trials too, so its constant liar can keep parallel proposals apart. Every trial is in
 * the storage before it is evaluated, so a study resumes from whatever it had recorded.
 */
export async function runStudyLoop(loop: StudyLoop): Promise<StoredTrial[]> {
  // Trials a crashed process left running would otherwise be waited on forever.
  await loop.storage.abandonStale?.(loop.study);
  let stored = await loop.storage.trials(loop.study);
  const finished = () => stored.filter((t) => t.state !== 'running').length;
  const inFlight = new Map<number, Promise<void>>();
  let exhausted = false;
  // The first storage failure of a running trial; the loop stops on it once the others settle.
  let failure: { error: unknown } | undefined;

  const propose = async (): Promise<boolean> => {
    // One read per proposal: the sampler sees every process's trials, running ones included.
    stored = await loop.storage.trials(loop.study);
    if (finished() + inFlight.size >= loop.trials) return true;
    let params: ParamPoint;
    try {
      params = loop.sampler.sample({
        space: loop.space,
        trials: stored.map(toRecord),
        direction: 'maximize',
        feasible: loop.feasible,
      });
    } catch (error) {
      if (error instanceof GridExhaustedError) return false;
      throw error;
    }
    const number = await loop.storage.startTrial(loop.study, params);
    stored = [...stored, { number, params, state: 'running' }];
    const run = loop.evaluate(params).then(async (result) => {
      const outcome = result.ok
        ? ({ state: 'complete', value: result.value.value, attributes: { metrics: result.value.metrics } } as const)
        : ({ state: 'failed', error: result.error } as const);
      await loop.storage.finishTrial(loop.study, number, outcome);
      stored = stored.map((t) => (t.number === number ? { ...t, ...outcome } : t));
      loop.onTrial?.({
        number,
        value: result.ok ? result.value.value : null,
        best: bestValue(stored),
        done: finished(),
        total: loop.trials,
      });
    });
    inFlight.set(
      number,
      run.then(
        () => {
          inFlight.delete(number);
        },
        (error: unknown) => {
          inFlight.delete(number);
          failure ??= { error };
        },
      ),
    );
    return true;
  };

  try {
    while (!failure && (finished() + inFlight.size < loop.trials || inFlight.size > 0)) {
      while (!exhausted && inFlight.size < loop.concurrency && finished() + inFlight.size < loop.trials) {
        exhausted = !(await propose());
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
  } finally {
    // Never leave a trial's promise behind to reject unobserved.
    await Promise.allSettled(inFlight.values());
  }
  if (failure) throw failure.error;
  // The study as it stands, with what other processes sharing it recorded meanwhile.
  return loop.storage.trials(loop.study);
}

/** What a sampler sees of a stored trial: a broken constraint counts as the worst value. */
function toRecord(trial: StoredTrial): TrialRecord {
  const value = trial.state === 'complete' ? (trial.value ?? Number.NEGATIVE_INFINITY) : undefined;
  return { number: trial.number, params: trial.params, state: trial.state, value };
}

export function bestValue(trials: readonly StoredTrial[]): number | null {
  let best: number | null = null;
  for (const t of trials)
    if (t.state === 'complete' && t.value != null && (best === null || t.value > best)) best = t.value;
  return best;
}

export function bestTrial(trials: readonly StoredTrial[]): StoredTrial | undefined {
  let best: StoredTrial | undefined;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value == null) continue;
    if (!best || t.value > (best.value as number)) best = t;
  }
  return best;
}
