import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BacktestJobResult, runBacktestJob } from '../backtest/index.js';
import { FleetError, type Progress, writeFileAtomic } from '../core/index.js';
import { SANDBOX_SYMBOLS } from '../data/index.js';
import { type ScreenResult, screen } from '../screen/index.js';
import { readSpecFile } from '../spec/index.js';
import { demoReport } from './demo-report.js';

export const DEMO_SPEC = fileURLToPath(new URL('../../examples/specs/ema-cross.json', import.meta.url));

export interface DemoOptions {
  /** Folder for the report files. */
  readonly outDir: string;
  readonly bars: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly onProgress?: Progress;
}

export interface DemoResult {
  readonly specFile: string;
  readonly screen: ScreenResult;
  readonly best: BacktestJobResult;
  readonly reportFiles: { readonly markdown: string; readonly json: string };
}

/**
 * The whole research path on zero external data: the example EMA-cross spec is screened over the
 * sandbox universe, the best instrument is backtested in full, and a report is written.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const spec = await readSpecFile(DEMO_SPEC);
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
  const bestSymbol = ranking.top[0] ?? ranking.rows[0]?.symbol;
  if (!bestSymbol) throw new FleetError('the demo screen produced no result');
  const best = await runBacktestJob({ spec, symbol: bestSymbol, source, bars: options.bars, seed: options.seed });

  const outDir = resolve(options.outDir);
  const report = demoReport(ranking, best);
  const markdown = join(outDir, 'demo-report.md');
  const json = join(outDir, 'demo-report.json');
  await writeFileAtomic(markdown, report.markdown);
  await writeFileAtomic(json, `${JSON.stringify(report.json, null, 2)}\n`);
  return { specFile: DEMO_SPEC, screen: ranking, best, reportFiles: { markdown, json } };
}
