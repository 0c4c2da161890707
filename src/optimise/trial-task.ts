import { backtestSpec, type Costs, type Metrics } from '../backtest/index.js';
import { type Candles, sliceCandles } from '../core/index.js';
import { type DataSource, databaseCandleLoader, loadCandles, sourceVenue } from '../data/index.js';
import type { CheckedSpec } from '../spec/index.js';
import { type ObjectiveConstraints, type ObjectiveMetric, objectiveValue } from './objective.js';

/** Which bars a study runs on: plain data, so a worker thread can load them itself. */
export interface StudyData {
  readonly source: DataSource;
  readonly symbol: string;
  readonly bars: number;
  readonly seed: number;
}

/** One trial: a backtest of the in-sample bars with one parameter set. */
export interface TrialTask {
  readonly spec: CheckedSpec;
  readonly data: StudyData;
  /** The trial's bars are [start, end) (start defaults to 0). */
  readonly start?: number;
  readonly end: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly costs?: Partial<Costs>;
  readonly metric: ObjectiveMetric;
  readonly constraints: ObjectiveConstraints;
}

export interface TrialOutcome {
  /** null when the backtest broke a constraint. */
  readonly value: number | null;
  readonly metrics: Metrics;
  /** How long the backtest took, in milliseconds. */
  readonly durationMs: number;
}

// Each thread keeps the few series it is optimising (a study runs thousands of trials on the same
// bars) and one equity buffer, which trials overwrite: they keep only metrics.
const loaded = new Map<string, Promise<Candles>>();
let equityBuffer = new Float64Array(0);

export async function loadStudyCandles(spec: CheckedSpec, data: StudyData): Promise<Candles> {
  // A worker thread reading from the database opens its own connection to it.
  if (data.source.kind === 'database' && !databaseCandleLoader()) {
    (await import('../store/index.js')).readCandlesFromDatabase();
  }
  const key = JSON.stringify([data, spec.spec.timeframe]);
  let candles = loaded.get(key);
  if (!candles) {
    if (loaded.size >= 4) loaded.delete(loaded.keys().next().value as string);
    candles = loadCandles(data.source, { ...data, timeframe: spec.spec.timeframe }).then((r) => r.candles);
    candles.catch(() => loaded.delete(key));
    loaded.set(key, candles);
  }
  return candles;
}

export async function runTrialTask(task: TrialTask): Promise<TrialOutcome> {
  const candles = sliceCandles(await loadStudyCandles(task.spec, task.data), task.start ?? 0, task.end);
  if (equityBuffer.length < candles.length) equityBuffer = new Float64Array(candles.length);
  const started = performance.now();
  const { metrics } = backtestSpec(task.spec, candles, {
    params: task.params,
    costs: task.costs,
    equityBuffer,
    venue: sourceVenue(task.data.source),
  });
  const durationMs = performance.now() - started;
  return { value: objectiveValue(metrics, task.metric, task.constraints), metrics, durationMs };
}
