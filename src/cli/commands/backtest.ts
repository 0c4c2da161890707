import { type BacktestJobResult, type RailRejections, runBacktestJob } from '../../backtest/index.js';
import { UsageError } from '../../core/index.js';
import { optimisedValues, readSpecFile } from '../../spec/index.js';
import { fixed, isoDate, keyValues, percent, signedColor, table } from '../render.js';
import { stderr, stdout } from '../terminal.js';
import { type ResearchFlags, researchOptions } from './research-options.js';

interface BacktestFlags extends ResearchFlags {
  symbol: string;
  optimised?: boolean;
}

export async function backtestCommand(file: string, flags: BacktestFlags): Promise<void> {
  if (flags.optimised && flags.params !== undefined) throw new UsageError('give --params or --optimised, not both');
  const spec = await readSpecFile(file);
  const tuned = flags.optimised ? optimisedValues(spec, flags.symbol, file) : undefined;
  if (tuned) {
    const made = [tuned.trials === undefined ? '' : `${tuned.trials} trials`, tuned.updated ?? ''].filter(Boolean);
    stderr.info(`the optimised values for ${flags.symbol} from ${file}${made.length ? ` (${made.join(', ')})` : ''}`);
  }
  const { close, ...research } = await researchOptions(flags);
  let job: BacktestJobResult;
  try {
    job = await runBacktestJob({ spec, symbol: flags.symbol, ...research, params: tuned?.params ?? research.params });
  } finally {
    await close();
  }
  for (const warning of job.warnings) stderr.warn(warning);
  if (flags.json) stdout.json(backtestJson(job));
  else stdout.line(renderBacktest(job));
}

export function backtestJson({ symbol, result, time }: BacktestJobResult) {
  return {
    spec: result.strategy.name,
    symbol,
    params: result.strategy.params,
    costs: result.costs,
    bars: result.bars,
    from: time.length > 0 ? new Date(time[0]).toISOString() : null,
    to: time.length > 0 ? new Date(time[time.length - 1]).toISOString() : null,
    initialCash: result.initialCash,
    metrics: result.metrics,
    trades: result.trades,
    openPosition: result.openPosition ?? null,
    limits: result.limits,
    rejections: result.rejections,
    equity: { time: Array.from(time), value: Array.from(result.equity) },
  };
}

export function renderBacktest({ symbol, result, time }: BacktestJobResult): string {
  const m = result.metrics;
  const params = Object.entries(result.strategy.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const summary = keyValues([
    ['strategy', `${result.strategy.name} on ${symbol}`],
    ['params', params || '(none)'],
    ['bars', `${result.bars} (${isoDate(time[0])} .. ${isoDate(time[time.length - 1])})`],
    ['costs', `fee ${result.costs.feeBps} bps, slippage ${result.costs.slippageBps} bps`],
    ['total return', signedColor(percent(m.totalReturn), m.totalReturn)],
    ['CAGR', percent(m.cagr)],
    ['Sharpe', fixed(m.sharpe)],
    ['Sortino', fixed(m.sortino)],
    ['max drawdown', percent(m.maxDrawdown)],
    ['Calmar', fixed(m.calmar)],
    ['trades', String(m.trades)],
    ['win rate', percent(m.winRate, 1)],
    ['profit factor', fixed(m.profitFactor)],
    ['avg trade', percent(m.avgTrade)],
    ['exposure', percent(m.exposure, 1)],
    ['final equity', fixed(m.finalEquity)],
    ...rejectedRows(result.rejections.counts),
  ]);
  const last = result.trades.slice(-5);
  if (last.length === 0) return summary;
  const trades = table(last, [
    { header: 'side', value: (t) => t.side },
    { header: 'entry', value: (t) => isoDate(t.entryTime) },
    { header: 'exit', value: (t) => isoDate(t.exitTime) },
    { header: 'return', value: (t) => signedColor(percent(t.returnPct), t.returnPct), align: 'right' },
    { header: 'exit reason', value: (t) => t.exitReason },
  ]);
  return `${summary}\n\nlast ${last.length} of ${result.trades.length} trades\n${trades}`;
}

/** One line naming the rails that refused entries, and how often; none when nothing was refused. */
function rejectedRows(counts: RailRejections['counts']): Array<[string, string]> {
  const parts = Object.entries(counts).map(([rail, count]) => `${count} ${rail}`);
  return parts.length === 0 ? [] : [['refused entries', parts.join(', ')]];
}
