import type { StoredTrial, StudyKey, StudyStorage, TaskResult } from '../core/index.js';
import {
  type Direction,
  GridExhaustedError,
  type ParamPoint,
  type Sampler,
  type SearchSpace,
  type TrialRecord,
} from './samplers/index.js';

/** What evaluating one trial gives: its value (null when it broke a constraint) and its metrics. */
export interface TrialValue {
  readonly value: number | null;
  /** Recorded beside the value when present (a backtest's metrics). */
  readonly metrics?: unknown;
}

export interface TrialEvent {
  readonly number: number;
  readonly value: number | null;
  readonly best: number | null;
  readonly done: number;
  readonly total: number;
}

/**
 * How many of a study's trials may be pending when the next is proposed: trial n is proposed once
 * trial n - PROPOSAL_WINDOW has been recorded, and the sampler sees trials n - PROPOSAL_WINDOW + 1
 * .. n - 1 as running (the constant liar) even if some have finished. The schedule therefore
 * depends on trial numbers alone, never on how many threads there are or which finished first,
 * so the same seed gives the same trials on any number of workers. Four keeps four threads busy
 * and lets TPE learn from all but the last three trials.
 */
export const PROPOSAL_WINDOW = 4;

export interface StudyLoop {
  readonly study: StudyKey;
  readonly storage: StudyStorage;
  readonly sampler: Sampler;
  readonly space: SearchSpace;
  /** Trials the study should have when done, counting those it already had. */
  readonly trials: number;
  /** 'maximize' unless set. */
  readonly direction?: Direction;
  /** Trials pending at once; PROPOSAL_WINDOW unless a test asks otherwise. */
  readonly window?: number;
  readonly feasible: (point: ParamPoint) => boolean;
  /** Evaluates one parameter set (on a worker thread or inline); `number` is its trial's. */
  readonly evaluate: (params: ParamPoint, number: number) => Promise<TaskResult<TrialValue>>;
  readonly onTrial?: (event: TrialEvent) => void;
}

/**
 * Propose → evaluate → record on a fixed schedule (see PROPOSAL_WINDOW): up to `window` trials
 * are evaluated at once, their results are stored in trial order, and each proposal sees exactly
 * the trials numbered below n - window + 1 as they are and the rest as running. Every trial is in
 * the storage before it is evaluated, so a study resumes from whatever it had recorded, and a
 * resumed study proposes what an uninterrupted one would have. Several processes sharing one
 * stored study see each other's trials as they happen to be, so such a study is not reproducible.
 */
export async function runStudyLoop(loop: StudyLoop): Promise<StoredTrial[]> {
  const window = loop.window ?? PROPOSAL_WINDOW;
  const direction = loop.direction ?? 'maximize';
  // Trials a crashed process left running would otherwise be waited on forever.
  await loop.storage.abandonStale?.(loop.study);
  // This run's trials: their numbers, and for each a promise settled once its result is stored.
  const numbers = new Set<number>();
  const mine: Promise<void>[] = [];
  const initial = await loop.storage.trials(loop.study);
  let best = bestValue(initial, direction);
  let othersFinished = initial.filter((t) => t.state !== 'running').length;
  let recordedCount = 0;
  let failure: { error: unknown } | undefined;

  const start = (number: number, params: ParamPoint): Promise<void> => {
    numbers.add(number);
    const evaluated = loop.evaluate(params, number);
    const previous = mine.at(-1) ?? Promise.resolve();
    // Results are stored (and reported) in trial order, whichever thread finishes first.
    const done = Promise.all([evaluated, previous]).then(async ([result]) => {
      const { metrics } = result.ok ? result.value : {};
      const outcome = result.ok
        ? ({
            state: 'complete',
            value: result.value.value,
            attributes: metrics === undefined ? undefined : { metrics },
          } as const)
        : ({ state: 'failed', error: result.error } as const);
      await loop.storage.finishTrial(loop.study, number, outcome);
      recordedCount++;
      const value = result.ok ? result.value.value : null;
      if (value !== null && (best === null || better(value, best, direction))) best = value;
      loop.onTrial?.({ number, value, best, done: othersFinished + recordedCount, total: loop.trials });
    });
    // Observed here; the first failure in trial order stops the loop below.
    done.catch((error: unknown) => {
      failure ??= { error };
    });
    return done;
  };

  try {
    while (!failure) {
      // Trial i of this run waits for trial i - window to be recorded (and so every one before it).
      const due = mine[mine.length - window];
      if (due) await due.catch(() => undefined);
      if (failure) break;
      // One read per proposal: the sampler sees every process's trials, running ones included.
      const stored = await loop.storage.trials(loop.study);
      othersFinished = stored.filter((t) => t.state !== 'running' && !numbers.has(t.number)).length;
      if (othersFinished + mine.length >= loop.trials) break;
      const next = stored.length;
      let params: ParamPoint;
      try {
        params = loop.sampler.sample({
          space: loop.space,
          trials: stored.map((t) => toRecord(t, t.number > next - window, direction)),
          direction,
          feasible: loop.feasible,
        });
      } catch (error) {
        if (error instanceof GridExhaustedError) break;
        throw error;
      }
      mine.push(start(await loop.storage.startTrial(loop.study, params), params));
    }
  } finally {
    // Never leave a trial's promise behind to reject unobserved.
    await Promise.allSettled(mine);
  }
  if (failure) throw failure.error;
  // The study as it stands, with what other processes sharing it recorded meanwhile.
  return loop.storage.trials(loop.study);
}

/**
 * What a sampler sees of a stored trial: a broken constraint counts as the worst value, and a
 * trial inside the proposal window counts as running whatever its state.
 */
function toRecord(trial: StoredTrial, pending: boolean, direction: Direction): TrialRecord {
  if (pending) return { number: trial.number, params: trial.params, state: 'running' };
  const worst = direction === 'maximize' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const value = trial.state === 'complete' ? (trial.value ?? worst) : undefined;
  return { number: trial.number, params: trial.params, state: trial.state, value };
}

/** Whether `value` beats `best` in the study's direction (a tie keeps the earlier trial). */
const better = (value: number, best: number, direction: Direction): boolean =>
  direction === 'maximize' ? value > best : value < best;

export function bestValue(trials: readonly StoredTrial[], direction: Direction = 'maximize'): number | null {
  return bestTrial(trials, direction)?.value ?? null;
}

export function bestTrial(trials: readonly StoredTrial[], direction: Direction = 'maximize'): StoredTrial | undefined {
  let best: StoredTrial | undefined;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value == null) continue;
    if (!best || better(t.value, best.value as number, direction)) best = t;
  }
  return best;
}
