import { type StoredTrial, type StudyStorage, settle, UsageError } from '../core/index.js';
import { MemoryStudyStorage } from './memory-storage.js';
import { bestTrial, runStudyLoop, type TrialEvent } from './run-study.js';
import {
  createSampler,
  type Direction,
  type Distribution,
  type ParamPoint,
  type Sampler,
  type SamplerName,
  type SearchSpace,
} from './samplers/index.js';

/** One parameter to search: as a Distribution, with `log` false and no step unless given. */
export type ParamDistribution =
  | {
      readonly kind: 'int';
      readonly low: number;
      readonly high: number;
      readonly step?: number;
      readonly log?: boolean;
    }
  | {
      readonly kind: 'float';
      readonly low: number;
      readonly high: number;
      readonly step?: number;
      readonly log?: boolean;
    }
  | { readonly kind: 'categorical'; readonly choices: readonly (number | string | boolean)[] };

export interface StudyOptions {
  /** Whether a higher or a lower objective is better. */
  readonly direction: Direction;
  readonly space: Readonly<Record<string, ParamDistribution>>;
  /** Same seed, same space, same objective: same trials. 0 unless set. */
  readonly seed?: number;
  /** A sampler's name ('tpe' unless set) or a sampler of your own. */
  readonly sampler?: SamplerName | Sampler;
  /** Where the trials are kept (in memory unless set); a stored study resumes where it stopped. */
  readonly storage?: StudyStorage;
  /** The study's name in the storage; 'study' unless set. */
  readonly name?: string;
  /** Points the objective must never see (e.g. fast >= slow); every point is feasible unless set. */
  readonly feasible?: (params: ParamPoint) => boolean;
}

/**
 * The function a study minimises or maximises. A number is the trial's value; null means the
 * point broke a constraint of yours (it counts as the worst value); a throw fails the trial, which
 * is recorded with its message while the study carries on.
 */
export type Objective = (
  params: ParamPoint,
  trial: { readonly number: number },
) => number | null | Promise<number | null>;

export interface StudyRunOptions {
  /** Trials the study should have when done, counting those its storage already holds. */
  readonly trials: number;
  /**
   * Trials evaluated at once, each proposed without the others' results (4 unless set). The
   * trials depend on it, never on which finished first, so a seed gives the same trials every run.
   */
  readonly window?: number;
  /** Called once per trial, in trial order, as its value is recorded. */
  readonly onTrial?: (event: TrialEvent) => void;
}

export interface StudyTrial {
  readonly number: number;
  readonly params: ParamPoint;
  readonly state: StoredTrial['state'];
  /** Present for a complete trial; null when it broke a constraint. */
  readonly value?: number | null;
  /** Why a failed trial failed. */
  readonly error?: string;
}

export interface StudyResult {
  readonly direction: Direction;
  /** The complete trial with the best value (the earliest on a tie); undefined when none has one. */
  readonly best?: { readonly number: number; readonly params: ParamPoint; readonly value: number };
  readonly trials: readonly StudyTrial[];
}

export interface Study {
  readonly name: string;
  readonly direction: Direction;
  readonly space: SearchSpace;
  /** Runs trials of `objective` until the study has `options.trials` of them. */
  optimise(objective: Objective, options: StudyRunOptions): Promise<StudyResult>;
  /** The study as its storage holds it. */
  result(): Promise<StudyResult>;
}

/**
 * A search over any objective: what `fleet optimise` does for a spec's backtests, for a function
 * of yours. The same sampler, the same deterministic schedule (see PROPOSAL_WINDOW) and the same
 * storage port, so a study kept in the database resumes after a crash.
 */
export function createStudy(options: StudyOptions): Study {
  if (options.direction !== 'maximize' && options.direction !== 'minimize') {
    throw new UsageError(`direction must be 'maximize' or 'minimize', got ${String(options.direction)}`);
  }
  const space = normaliseSpace(options.space);
  const seed = options.seed ?? 0;
  const sampler =
    typeof options.sampler === 'object'
      ? options.sampler
      : createSampler(options.sampler ?? 'tpe', { seed, constantLiar: true });
  const { direction, feasible = () => true } = options;
  // A space the sampler cannot work on says so here, not at the first trial.
  sampler.sample({ space, trials: [], direction, feasible });
  const storage = options.storage ?? new MemoryStudyStorage();
  const study = { name: options.name ?? 'study' };
  const result = async (): Promise<StudyResult> => resultOf(await storage.trials(study), direction);
  return {
    name: study.name,
    direction,
    space,
    result,
    async optimise(objective, run) {
      if (!Number.isInteger(run.trials) || run.trials < 1) {
        throw new UsageError(`trials must be a whole number >= 1, got ${run.trials}`);
      }
      if (run.window !== undefined && (!Number.isInteger(run.window) || run.window < 1)) {
        throw new UsageError(`window must be a whole number >= 1, got ${run.window}`);
      }
      const trials = await runStudyLoop({
        study,
        storage,
        sampler,
        space,
        direction,
        trials: run.trials,
        window: run.window,
        feasible,
        evaluate: (params, number) =>
          settle(async () => ({ value: checkedValue(await objective(params, { number })) })),
        onTrial: run.onTrial,
      });
      return resultOf(trials, direction);
    },
  };
}

function normaliseSpace(input: StudyOptions['space']): SearchSpace {
  if (input === null || typeof input !== 'object') throw new UsageError('space must be an object of parameters');
  const space: Record<string, Distribution> = {};
  for (const [name, d] of Object.entries(input)) {
    if (d.kind === 'int') space[name] = { ...d, step: d.step ?? 1, log: d.log ?? false };
    else if (d.kind === 'float') space[name] = { ...d, log: d.log ?? false };
    else space[name] = d;
  }
  return space as SearchSpace;
}

function checkedValue(value: number | null): number | null {
  if (value === null || Number.isFinite(value)) return value;
  throw new Error(`the objective returned ${String(value)}, not a finite number or null`);
}

function resultOf(stored: readonly StoredTrial[], direction: Direction): StudyResult {
  const trials = stored.map(({ number, params, state, value, error }) => ({ number, params, state, value, error }));
  const best = bestTrial(stored, direction);
  return {
    direction,
    best: best && { number: best.number, params: best.params, value: best.value as number },
    trials,
  };
}
