import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FleetError, InputError, UsageError, writeFileAtomic } from '../core/index.js';
import { parseDataSource, SANDBOX_SYMBOLS } from '../data/index.js';
import { readProjectConfig } from '../fleet/index.js';
import { type ScreenResult, screen } from '../screen/index.js';
import { loadSpec, readSpecFile, readSpecJson } from '../spec/index.js';
import type { Store } from '../store/index.js';
import { runOptimisation } from './optimise-pipeline.js';
import type { PipelineInput, RunPipelineOptions, StageName } from './pipeline-run.js';
import { registerTuned } from './register-tuned.js';

/** What a stage hands the runner: its output (persisted) and its key numbers in one line. */
export interface StageResult {
  readonly output: Record<string, unknown>;
  readonly message: string;
}

export interface StageContext {
  readonly store: Store;
  readonly run: number;
  readonly input: PipelineInput;
  /** Outputs of the stages already done. */
  readonly outputs: Partial<Record<StageName, Record<string, unknown>>>;
  readonly options: RunPipelineOptions;
}

export interface DesignOutputRecord extends Record<string, unknown> {
  readonly name: string;
  readonly timeframe: string;
  /** The run's working copy of the spec; the optimiser records the tuned values in it. */
  readonly specFile: string;
  /** Where the tuned spec goes in the project. */
  readonly target: string;
}

/** The run's own folder: its working spec and its evidence. */
export const runDir = (input: PipelineInput, run: number) =>
  resolve(input.projectDir, '.fleet', 'pipeline', String(run));

const withTimeframe = (name: string, timeframe: string) =>
  name.endsWith(`-${timeframe}`) ? name : `${name}-${timeframe}`;

async function design(ctx: StageContext): Promise<StageResult> {
  const { input } = ctx;
  let json: unknown;
  let provenance: unknown;
  if (input.specFile !== undefined) {
    json = await readSpecJson(input.specFile);
    provenance = { from: input.specFile };
  } else {
    const idea = input.idea ?? '';
    const designed = await ctx.options.design({ idea, timeframe: input.timeframe ?? '1h', name: input.name });
    json = designed.spec;
    provenance = designed.provenance;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError('the design stage made no spec (expected a JSON object)');
  }
  const { $schema: _schema, optimised: _optimised, ...spec } = json as Record<string, unknown>;
  if (input.timeframe !== undefined) spec.timeframe = input.timeframe;
  spec.name = input.name ?? withTimeframe(String(spec.name), String(spec.timeframe));
  const checked = loadSpec(spec, input.specFile ?? `the spec designed for '${input.idea}'`);
  const { name, timeframe } = checked.spec;
  const strategies = resolve(input.projectDir, (await readProjectConfig(input.projectDir)).strategies);
  const target = join(strategies, `${name}.json`);
  if (existsSync(target)) {
    throw new InputError(`${target} already exists: pass --name to give this strategy another name`);
  }
  const specFile = join(runDir(input, ctx.run), `${name}.json`);
  await writeFileAtomic(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  const parameters = Object.keys(checked.spec.parameters).length;
  const output: DesignOutputRecord = { name, timeframe, specFile, target, parameters, spec, provenance };
  return { output, message: `designed ${name} (${timeframe}): ${parameters} parameters` };
}

function sourceOf(input: PipelineInput) {
  const source = parseDataSource(input.source);
  // A CSV path in fleet.config.json is relative to the project, wherever the run resumes from.
  if (source.kind === 'csv') return { ...source, path: resolve(input.projectDir, source.path) };
  if (source.kind === 'database') {
    throw new UsageError(
      `the pipeline reads sandbox, csv or cache data; data.source '${input.source}' is not supported yet`,
    );
  }
  return source;
}

async function screenStage(ctx: StageContext): Promise<StageResult> {
  const { input } = ctx;
  const designed = ctx.outputs.design as DesignOutputRecord;
  const spec = await readSpecFile(designed.specFile);
  const result = await screen({
    spec,
    symbols: input.universe?.length === 1 && input.universe[0] === 'sandbox' ? SANDBOX_SYMBOLS : input.universe,
    source: sourceOf(input),
    bars: input.bars,
    seed: input.seed,
    minTrades: input.minTrades,
    top: input.top,
    workers: ctx.options.workers,
    onProgress: ctx.options.onScreen,
  });
  if (result.top.length === 0) {
    throw new FleetError(`no instrument passed the screen (fewer than ${input.minTrades} trades each)`);
  }
  const best = result.rows[0];
  const output = { ...result } as unknown as Record<string, unknown>;
  return {
    output,
    message: `screened ${result.rows.length} instrument(s): top ${result.top.join(', ')} (best ${best.symbol}, score ${best.score.toFixed(2)})`,
  };
}

async function optimiseStage(ctx: StageContext): Promise<StageResult> {
  const { input } = ctx;
  const designed = ctx.outputs.design as DesignOutputRecord;
  const screened = ctx.outputs.screen as unknown as ScreenResult;
  const result = await runOptimisation({
    spec: await readSpecFile(designed.specFile),
    specFile: designed.specFile,
    symbols: screened.top,
    top: screened.top.length,
    source: sourceOf(input),
    bars: input.bars,
    dataSeed: input.seed,
    seed: input.seed,
    trials: input.trials,
    metric: 'sharpe',
    sampler: 'tpe',
    split: input.split,
    constraints: { minTrades: input.minTrades },
    workers: ctx.options.workers,
    reportDir: join(runDir(input, ctx.run), 'reports'),
    // Trials live in the database under the run's study: a resumed run continues from them.
    study: `pipeline-${ctx.run}`,
    store: ctx.store,
    replace: true,
    onTrial: ctx.options.onTrial,
  });
  if (result.instruments.length === 0) {
    throw new FleetError(`no instrument could be tuned: ${result.failures.map((f) => f.error).join('; ')}`);
  }
  const instruments = result.instruments.map((i) => ({
    symbol: i.symbol,
    trials: i.trials,
    params: i.best.params,
    inSample: i.best.inSampleValue,
    outOfSample: i.best.outOfSampleValue,
    degradation: i.best.degradation,
    outOfSampleReturn: i.best.outOfSample.totalReturn,
    outOfSampleTrades: i.best.outOfSample.trades,
    report: result.reports[i.symbol],
  }));
  const summary = instruments.map((i) => `${i.symbol} OOS sharpe ${i.outOfSample.toFixed(2)}`).join(', ');
  return {
    output: {
      metric: result.metric,
      sampler: result.sampler,
      seed: result.seed,
      instruments,
      failures: result.failures,
    },
    message:
      `tuned ${instruments.length} instrument(s), ${input.trials} trials each: ${summary}` +
      (result.failures.length > 0
        ? `; not tuned: ${result.failures.map((f) => `${f.symbol} (${f.error})`).join(', ')}`
        : ''),
  };
}

async function registerStage(ctx: StageContext): Promise<StageResult> {
  const designed = ctx.outputs.design as DesignOutputRecord;
  const tuned = ctx.outputs.optimise as { instruments: { symbol: string }[] };
  const registered = await registerTuned({
    store: ctx.store,
    projectDir: ctx.input.projectDir,
    tunedSpec: designed.specFile,
    target: designed.target,
    symbols: tuned.instruments.map((i) => i.symbol),
    exchange: ctx.input.exchange,
  });
  const names = registered.bots.map((b) => b.name);
  return {
    output: { ...registered },
    message: `registered ${names.length} paper bot(s) on ${ctx.input.exchange}: ${names.join(', ')} (spec ${designed.target})`,
  };
}

export const STAGE_WORK: Record<StageName, (ctx: StageContext) => Promise<StageResult>> = {
  design,
  screen: screenStage,
  optimise: optimiseStage,
  register: registerStage,
};
