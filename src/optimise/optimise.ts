import type { Costs, Metrics, RailRejections } from '../backtest/index.js';
import { type StoredTrial, type StudyStorage, UsageError, WorkerPool } from '../core/index.js';
import { type DataSource, sourceVenue } from '../data/index.js';
import { type CheckedSpec, resolveParams } from '../spec/index.js';
import { type BestEvidence, bestEvidence } from './evaluate.js';
import { type ParamImportance, parameterImportance } from './importance.js';
import { MemoryStudyStorage } from './memory-storage.js';
import type { ObjectiveConstraints, ObjectiveMetric } from './objective.js';
import type { InstrumentReport } from './report/index.js';
import { type RobustnessRow, robustness } from './robustness.js';
import type { TrialEvent } from './run-study.js';
import { createSampler, type SamplerName } from './samplers/index.js';
import { feasibleFor, searchSpace } from './space.js';
import { planSplit } from './split.js';
import { loadStudyCandles, type StudyData, type TrialOutcome, type TrialTask } from './trial-task.js';
import { tuneWindow, type WindowContext } from './tune-window.js';
import { type WalkForwardResult, walkForward } from './walk-forward.js';

export interface OptimiseOptions {
  readonly spec: CheckedSpec;
  readonly symbols: readonly string[];
  readonly source: DataSource;
  /** Sandbox bars per instrument. */
  readonly bars: number;
  /** Sandbox seed (the data). */
  readonly dataSeed?: number;
  /** Sampler seed: same seed, same trials. */
  readonly seed?: number;
  readonly trials: number;
  readonly metric: ObjectiveMetric;
  readonly sampler: SamplerName;
  /** Fraction of the bars that is in-sample. */
  readonly split: number;
  readonly constraints?: ObjectiveConstraints;
  /** Parameters held at these values instead of searched. */
  readonly fixed?: Readonly<Record<string, unknown>>;
  readonly costs?: Partial<Costs>;
  /** Also tune and judge k rolling walk-forward windows (each a study of `trials` trials). */
  readonly walkForward?: number;
  /** Worker threads; 0 evaluates trials on the calling thread. */
  readonly workers?: number;
  readonly storage?: StudyStorage;
  /** The study's name in the storage (per instrument: NAME/SYMBOL/METRIC); the spec's name by default. */
  readonly study?: string;
  readonly onTrial?: (symbol: string, event: TrialEvent) => void;
}

export interface InstrumentOptimisation {
  readonly symbol: string;
  readonly trials: number;
  readonly split: InstrumentReport['split'];
  readonly best: {
    readonly number: number;
    readonly params: Readonly<Record<string, number | string | boolean>>;
    readonly inSampleValue: number;
    readonly outOfSampleValue: number;
    /** Relative change from in-sample to out-of-sample; null when the in-sample value is 0. */
    readonly degradation: number | null;
    readonly inSample: Metrics;
    readonly outOfSample: Metrics;
    /** Entries the spec's rails refused in the best parameters' two runs, per rail. */
    readonly rejected: { readonly inSample: RailRejections['counts']; readonly outOfSample: RailRejections['counts'] };
  };
  readonly history: readonly { readonly number: number; readonly value: number | null; readonly best: number | null }[];
  readonly importance: readonly ParamImportance[];
  readonly robustness: readonly RobustnessRow[];
  /** Buy-and-hold's return over the same periods as best.inSample and best.outOfSample. */
  readonly buyAndHold: InstrumentReport['buyAndHold'];
  /** The in-sample and out-of-sample runs of the best parameters as one curve (see bestEvidence). */
  readonly equity: BestEvidence['equity'];
  readonly walkForward?: WalkForwardResult;
}

export interface OptimiseResult {
  readonly spec: string;
  readonly metric: ObjectiveMetric;
  readonly sampler: SamplerName;
  readonly seed: number;
  readonly instruments: readonly InstrumentOptimisation[];
  /** Instruments that could not be optimised, with the reason. */
  readonly failures: readonly { readonly symbol: string; readonly error: string }[];
}

const WORKER_ENTRY = new URL(`./trial-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * A search per instrument over the spec's parameters, chosen on in-sample bars only and then judged
 * on the out-of-sample bars, with the evidence a user needs to tell an edge from an overfit.
 */
export async function optimise(options: OptimiseOptions): Promise<OptimiseResult> {
  if (!Number.isInteger(options.trials) || options.trials < 1) {
    throw new UsageError(`--trials must be a whole number >= 1, got ${options.trials}`);
  }
  if (options.symbols.length === 0) throw new UsageError('no instruments to optimise');
  // Fail fast on anything wrong with the request, before any thread starts.
  resolveParams(options.spec, options.fixed);
  const space = searchSpace(options.spec, options.fixed);
  // A sampler that cannot work on this space (a grid too large, a float without a step, no
  // feasible point) says so in a dry-run proposal, before any thread starts.
  createSampler(options.sampler, { seed: options.seed ?? 0 }).sample({
    space,
    trials: [],
    direction: 'maximize',
    feasible: feasibleFor(options.spec, options.fixed),
  });

  const workers = options.workers ?? undefined;
  const pool = workers === 0 ? undefined : new WorkerPool<TrialTask, TrialOutcome>(WORKER_ENTRY, workers);
  const storage = options.storage ?? new MemoryStudyStorage();
  const instruments: InstrumentOptimisation[] = [];
  const failures: { symbol: string; error: string }[] = [];
  let firstError: unknown;
  try {
    for (const symbol of options.symbols) {
      try {
        instruments.push(await optimiseInstrument(symbol, options, space, storage, pool));
      } catch (error) {
        firstError ??= error;
        failures.push({ symbol, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await pool?.close();
  }
  // One instrument failing is reported beside the others; all of them failing is the run failing,
  // with the first reason (and its exit code: a bad --split is a usage error).
  if (instruments.length === 0) throw firstError;
  return {
    spec: options.spec.spec.name,
    metric: options.metric,
    sampler: options.sampler,
    seed: options.seed ?? 0,
    instruments,
    failures,
  };
}

async function optimiseInstrument(
  symbol: string,
  options: OptimiseOptions,
  space: ReturnType<typeof searchSpace>,
  storage: StudyStorage,
  pool: WorkerPool<TrialTask, TrialOutcome> | undefined,
): Promise<InstrumentOptimisation> {
  const { spec } = options;
  const data: StudyData = { source: options.source, symbol, bars: options.bars, seed: options.dataSeed ?? 0 };
  const candles = await loadStudyCandles(spec, data);
  const plan = planSplit(candles.length, options.split);
  const context: WindowContext = { options, data, space, storage, pool };
  const { trials, best, feasible, evaluate } = await tuneWindow(context, 0, plan.splitIndex, '');
  const fixed = options.fixed ?? {};
  const params = { ...(fixed as Record<string, number | string | boolean>), ...best.params };
  // Trials another process still runs (a shared study) are in neither the count nor the history.
  const finished = trials.filter((t) => t.state !== 'running');
  // Every figure of the evidence (table, headline, chart, report.json) is read from these runs.
  const evidence = bestEvidence(
    spec,
    candles,
    plan.splitIndex,
    params,
    options.metric,
    options.costs,
    sourceVenue(options.source),
  );
  const { inSample, outOfSample } = evidence;
  return {
    symbol,
    trials: finished.length,
    split: {
      ratio: plan.ratio,
      inSampleBars: plan.splitIndex,
      outOfSampleBars: plan.length - plan.splitIndex,
      from: candles.time[0],
      inSampleTo: candles.time[plan.splitIndex - 1],
      splitTime: candles.time[plan.splitIndex],
      to: candles.time[candles.length - 1],
    },
    best: {
      number: best.number,
      params,
      inSampleValue: inSample.value,
      outOfSampleValue: outOfSample.value,
      degradation: inSample.value === 0 ? null : (outOfSample.value - inSample.value) / Math.abs(inSample.value),
      inSample: inSample.metrics,
      outOfSample: outOfSample.metrics,
      rejected: { inSample: inSample.rejected, outOfSample: outOfSample.rejected },
    },
    buyAndHold: { inSample: inSample.buyAndHold, outOfSample: outOfSample.buyAndHold },
    history: historyOf(finished),
    importance: parameterImportance(trials, Object.keys(space)),
    robustness: await robustness(space, best.params, best.value as number, feasible, evaluate),
    equity: evidence.equity,
    walkForward: options.walkForward ? await walkForward(context, candles, options.walkForward) : undefined,
  };
}

function historyOf(trials: readonly StoredTrial[]) {
  let best: number | null = null;
  return trials.map((t) => {
    const value = t.state === 'complete' ? (t.value ?? null) : null;
    if (value !== null && (best === null || value > best)) best = value;
    return { number: t.number, value, best };
  });
}
