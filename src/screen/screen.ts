import type { Costs } from '../backtest/index.js';
import { type Progress, runTasks, settle, type TaskResult, UsageError } from '../core/index.js';
import type { DataSource } from '../data/index.js';
import { type CheckedSpec, type ParamValues, resolveParams } from '../spec/index.js';
import { rankScreen, type ScreenRow } from './rank.js';
import { runScreenTask, type ScreenTask, type ScreenTaskResult } from './screen-task.js';

export interface ScreenOptions {
  readonly spec: CheckedSpec;
  /** Instruments to screen; the spec's universe when absent. */
  readonly symbols?: readonly string[];
  readonly source: DataSource;
  /** Bars of sandbox data per instrument. */
  readonly bars: number;
  readonly seed?: number;
  readonly params?: Record<string, unknown>;
  readonly costs?: Partial<Costs>;
  /** Instruments with fewer closed trades are ranked after all others. */
  readonly minTrades?: number;
  readonly top?: number;
  /** Worker threads; 0 runs everything on the calling thread. */
  readonly workers?: number;
  readonly onProgress?: Progress;
}

export interface ScreenResult {
  readonly spec: string;
  readonly timeframe: string;
  readonly source: DataSource;
  readonly minTrades: number;
  /** The parameters every instrument was backtested with: the spec's defaults under any given. */
  readonly params: ParamValues;
  readonly rows: readonly ScreenRow[];
  /** Instruments whose backtest could not run (bad data, unknown symbol), with the reason. */
  readonly failures: readonly { readonly symbol: string; readonly error: string }[];
  /** The best `top` instruments that passed the trade filter: what the optimiser takes next. */
  readonly top: readonly string[];
}

export const DEFAULT_MIN_TRADES = 10;
const WORKER_ENTRY = new URL(`./screen-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** One default-parameter backtest per instrument, in parallel, ranked by the composite score. */
export async function screen(options: ScreenOptions): Promise<ScreenResult> {
  const symbols = [...new Set(options.symbols ?? options.spec.spec.universe)];
  if (symbols.length === 0) throw new UsageError('no instruments to screen');
  const minTrades = options.minTrades ?? DEFAULT_MIN_TRADES;
  const top = options.top ?? 3;
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a whole number >= 1, got ${top}`);
  // Fail fast on bad parameters here, not once per instrument in the workers.
  const params = resolveParams(options.spec, options.params);

  const tasks: ScreenTask[] = symbols.map((symbol) => ({
    spec: options.spec,
    symbol,
    source: options.source,
    bars: options.bars,
    seed: options.seed ?? 0,
    params: options.params,
    costs: options.costs,
    minTrades,
  }));
  let done = 0;
  const report = (symbol: string) => options.onProgress?.({ done: ++done, total: tasks.length, label: symbol });

  const results =
    options.workers === 0
      ? await runInline(tasks, report)
      : await runTasks<ScreenTask, ScreenTaskResult>(WORKER_ENTRY, tasks, {
          workers: options.workers,
          onResult: (index) => report(tasks[index].symbol),
        });

  const succeeded: ScreenTaskResult[] = [];
  const failures: { symbol: string; error: string }[] = [];
  results.forEach((result, i) => {
    if (result.ok) succeeded.push(result.value);
    else failures.push({ symbol: symbols[i], error: result.error });
  });
  const rows = rankScreen(succeeded, minTrades);
  return {
    spec: options.spec.spec.name,
    timeframe: options.spec.spec.timeframe,
    source: options.source,
    minTrades,
    params,
    rows,
    failures,
    top: rows
      .filter((row) => row.passed)
      .slice(0, top)
      .map((row) => row.symbol),
  };
}

async function runInline(tasks: readonly ScreenTask[], report: (symbol: string) => void) {
  const results: TaskResult<ScreenTaskResult>[] = [];
  for (const task of tasks) {
    results.push(await settle(() => runScreenTask(task)));
    report(task.symbol);
  }
  return results;
}
