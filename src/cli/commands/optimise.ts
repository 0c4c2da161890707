import { SafetyError, UsageError } from '../../core/index.js';
import { parseMetric, type SamplerName } from '../../optimise/index.js';
import { type OptimisePipelineResult, runOptimisation, type TunedComparison } from '../../pipeline/index.js';
import { readSpecFile } from '../../spec/index.js';
import { decimal, list, wholeNumber } from '../flags.js';
import { progressBar } from '../progress.js';
import { askConfirm } from '../prompts.js';
import { fixed, isoDate, percent, signedColor, table } from '../render.js';
import { interactive, stderr, stdout } from '../terminal.js';
import { type ResearchFlags, researchOptions } from './research-options.js';
import { renderComparison } from './tuned-comparison.js';

interface OptimiseFlags extends ResearchFlags {
  symbols?: string;
  fromScreen?: string;
  top: string;
  trials: string;
  metric: string;
  sampler: SamplerName;
  split: string;
  walkForward?: string;
  minTrades: string;
  maxDrawdown?: string;
  dataSeed: string;
  workers?: string;
  reportDir: string;
  study?: string;
  write: boolean;
  replace?: boolean;
}

export async function optimiseCommand(file: string, flags: OptimiseFlags): Promise<void> {
  if (flags.symbols && flags.fromScreen) throw new UsageError('give --symbols or --from-screen, not both');
  const spec = await readSpecFile(file);
  const { close, ...research } = await researchOptions({ ...flags, seed: flags.dataSeed });
  const trials = wholeNumber('--trials', flags.trials, 1) as number;
  const screenBar = progressBar('screening');
  let bar: ReturnType<typeof progressBar> | undefined;
  let current = '';
  let result: OptimisePipelineResult;
  try {
    result = await runOptimisation({
      spec,
      specFile: file,
      write: flags.write,
      symbols: list('--symbols', flags.symbols),
      screenFile: flags.fromScreen,
      top: wholeNumber('--top', flags.top, 1) as number,
      source: research.source,
      bars: research.bars,
      dataSeed: research.seed,
      seed: wholeNumber('--seed', flags.seed, 0),
      trials,
      metric: parseMetric(flags.metric),
      sampler: flags.sampler,
      split: decimal('--split', flags.split) as number,
      walkForward: wholeNumber('--walk-forward', flags.walkForward, 1),
      constraints: {
        minTrades: wholeNumber('--min-trades', flags.minTrades, 0) as number,
        maxDrawdown: decimal('--max-drawdown', flags.maxDrawdown),
      },
      fixed: research.params,
      costs: research.costs,
      workers: wholeNumber('--workers', flags.workers, 0),
      reportDir: flags.reportDir,
      study: flags.study,
      replace: flags.replace === true,
      // Asked only where a person can answer, and never under --json (stdout is the document).
      confirmReplace: interactive() && !flags.json ? (clashes) => confirmReplace(file, clashes) : undefined,
      onDatabase: progressBar('creating the embedded database').update,
      onScreen: screenBar.update,
      onTrial: (symbol, event) => {
        if (symbol !== current) {
          bar?.stop(`${current} done`);
          screenBar.stop('screen done');
          current = symbol;
          bar = progressBar(`optimising ${symbol}`);
        }
        bar?.update({ done: event.done, total: event.total, label: `best ${fixed(event.best)}` });
      },
    });
  } finally {
    await close();
  }
  bar?.stop(`${current} done`);
  for (const failure of result.failures) stderr.warn(`${failure.symbol}: ${failure.error}`);
  if (flags.json) stdout.json(result);
  else stdout.line(renderOptimisation(result));
  const kept = result.comparisons.filter((c) => !c.replaced).map((c) => c.symbol);
  if (kept.length > 0) {
    throw new SafetyError(
      `${file} already has tuned values for ${kept.join(', ')}; they were kept and this run's are only in the reports: rerun with --replace to replace them`,
    );
  }
}

async function confirmReplace(file: string, clashes: readonly Omit<TunedComparison, 'replaced'>[]): Promise<boolean> {
  for (const clash of clashes) stderr.line(`${renderComparison(clash)}\n`);
  const which = clashes.map((c) => c.symbol).join(', ');
  return askConfirm('--replace', `Replace the tuned values of ${which} in ${file} with this run's?`);
}

export function renderOptimisation(result: OptimisePipelineResult): string {
  const rows = table(result.instruments, [
    { header: 'symbol', value: (r) => r.symbol },
    { header: 'trials', value: (r) => String(r.trials), align: 'right' },
    { header: `IS ${result.metric}`, value: (r) => fixed(r.best.inSampleValue), align: 'right' },
    {
      header: `OOS ${result.metric}`,
      value: (r) => signedColor(fixed(r.best.outOfSampleValue), r.best.outOfSampleValue),
      align: 'right',
    },
    {
      header: 'change',
      value: (r) => (r.best.degradation === null ? '-' : percent(r.best.degradation, 0)),
      align: 'right',
    },
    { header: 'OOS return', value: (r) => percent(r.best.outOfSample.totalReturn, 1), align: 'right' },
    { header: 'OOS trades', value: (r) => String(r.best.outOfSample.trades), align: 'right' },
    {
      header: 'best parameters',
      value: (r) =>
        Object.entries(r.best.params)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
    },
  ]);
  const how = { symbols: 'as given', 'screen-file': 'from the screen file', screen: 'top of a fresh screen' }[
    result.chosenBy
  ];
  const lines = [
    `${result.spec}: ${result.sampler} search on ${result.metric}, seed ${result.seed}; instruments ${how}`,
    'chosen on in-sample (IS) bars, judged on out-of-sample (OOS) bars',
    rows,
    '',
    ...Object.entries(result.reports).map(([symbol, page]) => `report ${symbol}: ${page}`),
  ];
  for (const instrument of result.instruments) {
    if (!instrument.walkForward) continue;
    const wf = instrument.walkForward;
    lines.push(
      '',
      `walk-forward ${instrument.symbol}: mean OOS ${result.metric} ${fixed(wf.meanOutOfSampleValue)}, compounded OOS return ${percent(wf.compoundedOutOfSampleReturn, 1)}`,
      table(wf.folds, [
        { header: 'fold', value: (f) => String(f.fold), align: 'right' },
        { header: 'tested from', value: (f) => isoDate(f.testFrom) },
        { header: 'to', value: (f) => isoDate(f.testTo) },
        { header: `IS ${result.metric}`, value: (f) => fixed(f.inSampleValue), align: 'right' },
        { header: `OOS ${result.metric}`, value: (f) => fixed(f.outOfSampleValue), align: 'right' },
        { header: 'OOS return', value: (f) => percent(f.outOfSampleReturn, 1), align: 'right' },
        {
          header: 'parameters',
          value: (f) =>
            Object.entries(f.params)
              .map(([k, v]) => `${k}=${v}`)
              .join(' '),
        },
      ]),
    );
  }
  for (const comparison of result.comparisons) {
    lines.push('', renderComparison(comparison));
    lines.push(
      comparison.replaced
        ? `replaced the tuned values of ${comparison.symbol}`
        : `kept the tuned values of ${comparison.symbol} already in the spec (--replace replaces them)`,
    );
  }
  for (const symbol of result.unchanged) lines.push(`${symbol}: the spec already holds this result; left as it was`);
  if (result.written) lines.push(`wrote the optimised block of ${result.written}`);
  return lines.join('\n');
}
