import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BacktestJobResult, runBacktestJob } from '../backtest/index.js';
import { FleetError, type Progress, writeFileAtomic } from '../core/index.js';
import { SANDBOX_SYMBOLS } from '../data/index.js';
import type { TrialEvent } from '../optimise/index.js';
import { type ScreenResult, screen } from '../screen/index.js';
import { readSpecFile } from '../spec/index.js';
import { demoReport } from './demo-report.js';
import { type OptimisePipelineResult, runOptimisation } from './optimise-pipeline.js';

export const DEMO_SPEC = fileURLToPath(new URL('../../examples/specs/ema-cross.json', import.meta.url));

export interface DemoOptions {
  /** Folder for the report files and the demo's copy of the spec. */
  readonly outDir: string;
  readonly bars: number;
  /** Optimisation trials per instrument. */
  readonly trials?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly onProgress?: Progress;
  readonly onTrial?: (symbol: string, event: TrialEvent) => void;
}

export interface DemoResult {
  /** The demo's copy of the example spec, with the tuned values in its optimised block. */
  readonly specFile: string;
  readonly screen: ScreenResult;
  readonly optimisation: OptimisePipelineResult;
  /** The tuned instrument that did best out of sample, backtested over all bars. */
  readonly best: BacktestJobResult;
  readonly reportFiles: { readonly markdown: string; readonly json: string };
}

export const DEMO_TRIALS = 40;

/**
 * The whole research path on zero external data: the example EMA-cross spec is screened over the
 * sandbox universe, the top three are tuned (chosen in-sample, judged out-of-sample, with evidence
 * reports), the best tuned instrument is backtested in full, and a summary is written.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  const specFile = join(outDir, 'ema-cross.json');
  await writeFileAtomic(specFile, await readFile(DEMO_SPEC, 'utf8'));
  const spec = await readSpecFile(specFile);
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

  const report = demoReport(ranking, optimisation, best);
  const markdown = join(outDir, 'demo-report.md');
  const json = join(outDir, 'demo-report.json');
  await writeFileAtomic(markdown, report.markdown);
  await writeFileAtomic(json, `${JSON.stringify(report.json, null, 2)}\n`);
  return { specFile, screen: ranking, optimisation, best, reportFiles: { markdown, json } };
}
