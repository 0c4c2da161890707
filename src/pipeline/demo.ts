import { join, resolve } from 'node:path';
import { type BacktestJobResult, runBacktestJob } from '../backtest/index.js';
import { FleetError, type Progress, writeFileAtomic } from '../core/index.js';
import { SANDBOX_SYMBOLS } from '../data/index.js';
import type { TrialEvent } from '../optimise/index.js';
import type { RunnerNotice } from '../runner/index.js';
import { type ScreenResult, screen } from '../screen/index.js';
import { loadSpec, type StrategySpec } from '../spec/index.js';
import { openStore } from '../store/index.js';
import { type DemoFleetResult, runDemoFleet } from './demo-fleet.js';
import { demoReport } from './demo-report.js';
import { designerStage } from './designer-stage.js';
import { type OptimisePipelineResult, runOptimisation } from './optimise-pipeline.js';
import type { DesignStage } from './pipeline-run.js';

/** The example spec the demo's idea is designed into (by the offline design stage). */

/** The sentence the demo starts from: the whole path, from an idea to paper bots. */
export const DEMO_IDEA = 'fast ema crosses slow ema';

export interface DemoOptions {
  /** Folder for the report files and the demo's copy of the spec. */
  readonly outDir: string;
  /** The idea the spec is designed from (default DEMO_IDEA), by `design` (default the offline one). */
  readonly idea?: string;
  readonly design?: DesignStage;
  readonly bars: number;
  /** Optimisation trials per instrument. */
  readonly trials?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly onProgress?: Progress;
  readonly onTrial?: (symbol: string, event: TrialEvent) => void;
  /** Paper trade the tuned instruments on the sandbox afterwards (seconds of real time > 0). */
  readonly paper?: {
    readonly seconds: number;
    readonly speed: number;
    readonly onNotice?: (notice: RunnerNotice) => void;
  };
}

export interface DemoResult {
  readonly idea: string;
  /** The spec designed from the idea, with the tuned values in its optimised block. */
  readonly specFile: string;
  /** How the design stage made it. */
  readonly provenance?: unknown;
  readonly screen: ScreenResult;
  readonly optimisation: OptimisePipelineResult;
  /** The tuned instrument that did best out of sample, backtested over all bars. */
  readonly best: BacktestJobResult;
  readonly reportFiles: { readonly markdown: string; readonly json: string };
  /** The paper bots and how their run ended, when `paper` was asked for. */
  readonly paper?: DemoFleetResult;
}

export const DEMO_TRIALS = 40;

/**
 * The whole research path on zero external data: the example EMA-cross spec is screened over the
 * sandbox universe, the top three are tuned (chosen in-sample, judged out-of-sample, with evidence
 * reports), the best tuned instrument is backtested in full, and a summary is written.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  const idea = options.idea ?? DEMO_IDEA;
  // The offline designer, even with a key set: the demo is the same on every machine.
  const designed = await (options.design ?? designerStage({ provider: 'offline' }))({ idea, timeframe: '1h' });
  const { $schema: _schema, ...json } = designed.spec as Record<string, unknown>;
  const spec = loadSpec(json, `the spec designed for '${idea}'`);
  const specFile = join(outDir, `${spec.spec.name}.json`);
  await writeFileAtomic(specFile, `${JSON.stringify(json, null, 2)}\n`);
  const source = { kind: 'sandbox' } as const;
  const ranking = await screen({
    spec,
    symbols: SANDBOX_SYMBOLS,
    source,
    bars: options.bars,
    seed: options.seed,
    workers: options.workers,
    onProgress: options.onProgress,
  });
  if (ranking.top.length === 0) throw new FleetError('no sandbox instrument passed the demo screen');
  const optimisation = await runOptimisation({
    spec,
    specFile,
    symbols: ranking.top,
    top: ranking.top.length,
    source,
    bars: options.bars,
    dataSeed: options.seed,
    seed: options.seed,
    trials: options.trials ?? DEMO_TRIALS,
    metric: 'sharpe',
    sampler: 'tpe',
    split: 0.7,
    constraints: { minTrades: ranking.minTrades },
    workers: options.workers,
    reportDir: join(outDir, 'optimise'),
    onTrial: options.onTrial,
  });
  const tuned = [...optimisation.instruments].sort((a, b) => b.best.outOfSampleValue - a.best.outOfSampleValue)[0];
  const best = await runBacktestJob({
    spec,
    symbol: tuned.symbol,
    source,
    bars: options.bars,
    seed: options.seed,
    params: tuned.best.params,
  });

  const report = demoReport({ screen: ranking, optimisation, best, tuned, dir: outDir });
  const markdown = join(outDir, 'demo-report.md');
  const jsonFile = join(outDir, 'demo-report.json');
  await writeFileAtomic(markdown, report.markdown);
  await writeFileAtomic(jsonFile, `${JSON.stringify(report.json, null, 2)}\n`);
  const paper =
    options.paper && options.paper.seconds > 0 ? await paperTrade(spec.spec, optimisation, options.paper) : undefined;
  return {
    idea,
    specFile,
    provenance: designed.provenance,
    screen: ranking,
    optimisation,
    best,
    reportFiles: { markdown, json: jsonFile },
    paper,
  };
}

async function paperTrade(
  spec: StrategySpec,
  optimisation: OptimisePipelineResult,
  paper: NonNullable<DemoOptions['paper']>,
): Promise<DemoFleetResult> {
  const store = await openStore();
  try {
    return await runDemoFleet({
      store,
      spec,
      instruments: optimisation.instruments.map((i) => ({ symbol: i.symbol, params: i.best.params })),
      seconds: paper.seconds,
      speed: paper.speed,
      onNotice: paper.onNotice,
    });
  } finally {
    await store.close();
  }
}
