import { writeFile } from 'node:fs/promises';
import { FleetError, UsageError } from '../../core/index.js';
import { SANDBOX_SYMBOLS } from '../../data/index.js';
import { type ScreenResult, type ScreenRow, screen } from '../../screen/index.js';
import { readSpecFile } from '../../spec/index.js';
import { list, wholeNumber } from '../flags.js';
import { progressBar } from '../progress.js';
import { fixed, percent, signedColor, table } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { type ResearchFlags, researchOptions } from './research-options.js';

interface ScreenFlags extends ResearchFlags {
  symbols?: string;
  universe?: 'sandbox';
  top: string;
  minTrades: string;
  workers?: string;
  out?: string;
}

export async function screenCommand(file: string, flags: ScreenFlags): Promise<void> {
  if (flags.symbols && flags.universe) throw new UsageError('give --symbols or --universe, not both');
  const spec = await readSpecFile(file);
  const bar = progressBar('screening');
  const { close, ...research } = await researchOptions(flags);
  let result: ScreenResult;
  try {
    result = await screen({
      spec,
      ...research,
      symbols: flags.universe === 'sandbox' ? SANDBOX_SYMBOLS : list('--symbols', flags.symbols),
      top: wholeNumber('--top', flags.top, 1),
      minTrades: wholeNumber('--min-trades', flags.minTrades, 0),
      workers: wholeNumber('--workers', flags.workers, 0),
      onProgress: bar.update,
    });
  } finally {
    await close();
  }
  bar.stop(`screened ${result.rows.length + result.failures.length} instruments`);
  for (const failure of result.failures) stderr.warn(`${failure.symbol}: ${failure.error}`);
  for (const row of result.rows) for (const warning of row.warnings) stderr.warn(`${row.symbol}: ${warning}`);
  if (flags.out) await writeFile(flags.out, `${JSON.stringify(result, null, 2)}\n`);
  if (flags.json) stdout.json(result);
  else stdout.line(renderScreen(result));
  if (result.rows.length === 0) throw new FleetError('no instrument could be screened');
}

export function renderScreen(result: ScreenResult): string {
  const ranking = table(result.rows, [
    { header: '#', value: (r) => String(r.rank), align: 'right' },
    { header: 'symbol', value: (r) => r.symbol },
    { header: 'score', value: (r) => signedColor(fixed(r.score), r.score), align: 'right' },
    { header: 'sharpe', value: (r) => fixed(r.metrics.sharpe), align: 'right' },
    {
      header: 'return',
      value: (r) => signedColor(percent(r.metrics.totalReturn, 1), r.metrics.totalReturn),
      align: 'right',
    },
    { header: 'max dd', value: (r) => percent(r.metrics.maxDrawdown, 1), align: 'right' },
    { header: 'trades', value: (r) => String(r.metrics.trades), align: 'right' },
    { header: 'win', value: (r) => percent(r.metrics.winRate, 0), align: 'right' },
    // Entries the spec's rails refused: shown only when a rail refused any.
    ...(result.rows.some((r) => refused(r) > 0)
      ? [{ header: 'refused', value: (r: ScreenRow) => String(refused(r)), align: 'right' as const }]
      : []),
    { header: '', value: (r) => (r.passed ? '' : `< ${result.minTrades} trades`) },
  ]);
  const top = result.top.length > 0 ? result.top.join(', ') : '(none passed the trade filter)';
  return `${result.spec} (${result.timeframe}), ranked by composite score\n${ranking}\n\ntop: ${top}`;
}

/** Entries the rails refused in the row's backtest (a screen saved before rails ran in research has none). */
function refused(row: ScreenRow): number {
  return Object.values(row.rejected ?? {}).reduce((sum, count) => sum + (count ?? 0), 0);
}
