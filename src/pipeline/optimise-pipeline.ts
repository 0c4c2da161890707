import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, type Progress, UsageError } from '../core/index.js';
import { fileSafeSymbol } from '../data/index.js';
import {
  type InstrumentOptimisation,
  type ObjectiveConstraints,
  type OptimiseOptions,
  type OptimiseResult,
  optimise,
  writeInstrumentReport,
} from '../optimise/index.js';
import { type ScreenResult, screen } from '../screen/index.js';
import type { CheckedSpec } from '../spec/index.js';
import { checkSchema, openStore, type Store, StoreStudyStorage } from '../store/index.js';
import { type RecordedTuning, type RecordTunedOptions, recordTuned } from './record-tuned.js';

export interface OptimisePipelineOptions
  extends Omit<OptimiseOptions, 'symbols' | 'constraints' | 'storage'>,
    RecordTunedOptions {
  /**
   * The spec's file: its `optimised` block is updated unless `write` is false (a tuned result
   * already there only as `replace` or `confirmReplace` allow).
   */
  readonly specFile?: string;
  readonly write?: boolean;
  /** Where the instruments come from: a list, a screen file, or (neither) a fresh screen. */
  readonly symbols?: readonly string[];
  readonly screenFile?: string;
  readonly top: number;
  readonly constraints: ObjectiveConstraints;
  /** Per-instrument report folders go under here. */
  readonly reportDir: string;
  readonly onScreen?: Progress;
  /** Progress while an embedded database is created for a stored study. */
  readonly onDatabase?: Progress;
  /** An open store for the named study (left open); else one is opened for it and closed. */
  readonly store?: Store;
}

export interface OptimisePipelineResult extends OptimiseResult, RecordedTuning {
  /** How the instruments were chosen. */
  readonly chosenBy: 'symbols' | 'screen-file' | 'screen';
  readonly screen?: ScreenResult;
  readonly reports: Readonly<Record<string, string>>;
}

/**
 * Screen cheap, optimise expensive: pick the instruments (given, from a screen file, or by
 * screening the spec's universe), tune each, write the evidence reports, then record the tuned
 * values in the spec's `optimised` block.
 */
export async function runOptimisation(options: OptimisePipelineOptions): Promise<OptimisePipelineResult> {
  // A named study lives in the database, so a crashed run resumes and several processes on one
  // Postgres share its trials; without a name, trials live in memory for this run only. The
  // schema is checked before any work, so a stale database fails fast.
  const own = options.study !== undefined && options.store === undefined;
  const store = own ? await openStore({ onProgress: options.onDatabase }) : options.study ? options.store : undefined;
  let chosen: Awaited<ReturnType<typeof chooseInstruments>>;
  let result: OptimiseResult;
  try {
    if (store) await checkSchema(store);
    chosen = await chooseInstruments(options);
    const storage = store ? new StoreStudyStorage(store, { worker: `${hostname()}:${process.pid}` }) : undefined;
    result = await optimise({ ...options, symbols: chosen.symbols, storage });
  } finally {
    if (own) await store?.close();
  }
  const { spec } = options;
  const { chosenBy, ranking } = chosen;
  const reports: Record<string, string> = {};
  for (const instrument of result.instruments) {
    const dir = join(resolve(options.reportDir), spec.spec.name, fileSafeSymbol(instrument.symbol));
    reports[instrument.symbol] = (await writeInstrumentReport(dir, reportOf(result, instrument, spec))).files.page;
  }
  const recorded =
    options.specFile && options.write !== false && result.instruments.length > 0
      ? await recordTuned(options.specFile, result, options)
      : { comparisons: [], unchanged: [] };
  return { ...result, chosenBy, screen: ranking, reports, ...recorded };
}

function reportOf(result: OptimiseResult, instrument: InstrumentOptimisation, spec: CheckedSpec) {
  return {
    spec: result.spec,
    symbol: instrument.symbol,
    timeframe: spec.spec.timeframe,
    metric: result.metric,
    direction: 'maximize' as const,
    sampler: result.sampler,
    seed: result.seed,
    trials: instrument.trials,
    split: instrument.split,
    best: instrument.best,
    buyAndHold: instrument.buyAndHold,
    equity: instrument.equity,
    history: instrument.history,
    importance: instrument.importance,
    robustness: instrument.robustness,
    walkForward: instrument.walkForward,
  };
}

/** A `fleet screen --json` document, checked against the spec it is meant to feed. */
async function readScreenFile(file: string, spec: CheckedSpec): Promise<ScreenResult> {
  let json: ScreenResult;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.top) || typeof json.spec !== 'string') {
    throw new InputError(`${file}: not a screen result (expected the JSON of fleet screen --json)`);
  }
  if (json.spec !== spec.spec.name || json.timeframe !== spec.spec.timeframe) {
    throw new UsageError(
      `${file} ranks ${json.spec} (${json.timeframe}), not ${spec.spec.name} (${spec.spec.timeframe}): screen this spec first`,
    );
  }
  return json;
}

/** The instruments to tune: as given, the top of a screen file, or the top of a fresh screen. */
async function chooseInstruments(options: OptimisePipelineOptions): Promise<{
  symbols: readonly string[];
  chosenBy: OptimisePipelineResult['chosenBy'];
  ranking?: ScreenResult;
}> {
  const { spec } = options;
  if (options.symbols) return { symbols: options.symbols, chosenBy: 'symbols' };
  if (options.screenFile) {
    const symbols = (await readScreenFile(options.screenFile, spec)).top.slice(0, options.top);
    if (symbols.length === 0) throw new UsageError(`${options.screenFile} has no instrument that passed its screen`);
    return { symbols, chosenBy: 'screen-file' };
  }
  const ranking = await screen({
    spec,
    source: options.source,
    bars: options.bars,
    seed: options.dataSeed,
    params: options.fixed,
    costs: options.costs,
    minTrades: options.constraints.minTrades,
    top: options.top,
    workers: options.workers,
    onProgress: options.onScreen,
  });
  if (ranking.top.length === 0) throw new UsageError('no instrument passed the screen to be optimised');
  return { symbols: ranking.top, chosenBy: 'screen', ranking };
}
