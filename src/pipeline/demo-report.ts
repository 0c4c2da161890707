import { relative } from 'node:path';
import { type BacktestJobResult, SCORE_DEFAULTS } from '../backtest/index.js';
import {
  formatMetric,
  formatNumber,
  formatParams,
  formatPercent,
  formatPeriod,
  type InstrumentOptimisation,
  METRIC_ROWS,
} from '../optimise/index.js';
import type { ScreenResult } from '../screen/index.js';
import type { OptimisePipelineResult } from './optimise-pipeline.js';

/** What the demo measured: the screen, the tuning, and the full run of the best tuned instrument. */
export interface DemoReportInput {
  readonly screen: ScreenResult;
  readonly optimisation: OptimisePipelineResult;
  readonly best: BacktestJobResult;
  /** The tuned instrument `best` is, chosen by the highest out-of-sample objective. */
  readonly tuned: InstrumentOptimisation;
  /** The folder of the Markdown file, so links to the evidence pages are relative. */
  readonly dir: string;
}

const returned = (v: number) => formatMetric('totalReturn', v);

const splitPeriods = (i: InstrumentOptimisation) => ({
  inSample: { from: i.split.from, to: i.split.inSampleTo, bars: i.split.inSampleBars },
  outOfSample: { from: i.split.splitTime, to: i.split.to, bars: i.split.outOfSampleBars },
});

/** The best run's bars: all of them, in one run. */
const bestPeriod = ({ result, time }: BacktestJobResult) => ({
  from: time[0],
  to: time[time.length - 1],
  bars: result.bars,
});

function screenSection({ screen }: DemoReportInput): string[] {
  const rows = screen.rows.map(
    (r) =>
      `| ${r.rank} | ${r.symbol} | ${formatPeriod(r.firstTime, r.lastTime, r.bars)} | ${formatNumber(r.score, 2)} | ${formatMetric('sharpe', r.metrics.sharpe)} | ` +
      `${returned(r.metrics.totalReturn)} | ${formatMetric('maxDrawdown', r.metrics.maxDrawdown)} | ${r.metrics.trades} |${r.passed ? '' : ' below min trades'}`,
  );
  return [
    `## Screen: ${screen.rows.length} instruments, default parameters`,
    '',
    `Each instrument backtested once over all its ${screen.timeframe} bars with the spec's default parameters (${formatParams(screen.params)}), ` +
      `ranked by the composite score (Sharpe less penalties for fewer than ${screen.minTrades} trades and for drawdowns past ${formatPercent(SCORE_DEFAULTS.drawdownAllowance, 0)}).`,
    '',
    '| # | symbol | period | score | Sharpe | return | max drawdown | trades |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

function tunedSection({ optimisation, dir }: DemoReportInput): string[] {
  const { instruments, metric } = optimisation;
  const share = instruments[0]?.split.ratio ?? 0;
  const periods = instruments.map((i) => {
    const { inSample, outOfSample } = splitPeriods(i);
    return (
      `| ${i.symbol} | ${i.trials} | ${formatParams(i.best.params)} | ${formatPeriod(inSample.from, inSample.to, inSample.bars)} | ` +
      `${formatPeriod(outOfSample.from, outOfSample.to, outOfSample.bars)} |`
    );
  });
  const figures = instruments.map((i) => {
    const { best } = i;
    const evidence = optimisation.reports[i.symbol];
    return (
      `| ${i.symbol} | ${formatNumber(best.inSampleValue, 4)} | ${formatNumber(best.outOfSampleValue, 4)} | ` +
      `${returned(best.inSample.totalReturn)} | ${returned(best.outOfSample.totalReturn)} | ${returned(i.buyAndHold.outOfSample)} | ` +
      `${best.outOfSample.trades} | ${formatMetric('maxDrawdown', best.outOfSample.maxDrawdown)} | ${evidence ? `[index.html](${relative(dir, evidence)})` : ''} |`
    );
  });
  return [
    `## Tuned: the top ${instruments.length}, by ${optimisation.sampler.toUpperCase()} search on ${metric}`,
    '',
    `Parameters chosen on the in-sample bars (IS, the first ${formatPercent(share, 0)}) and then judged on the out-of-sample bars ` +
      `(OOS, the rest), which the search never saw. A large drop from IS to OOS is an overfit.`,
    '',
    '| symbol | trials | tuned parameters | in-sample (IS) | out-of-sample (OOS) |',
    '|---|---|---|---|---|',
    ...periods,
    '',
    `With the tuned parameters; the OOS run starts flat at the split. Buy-and-hold is over the same OOS bars, before costs.`,
    '',
    `| symbol | IS ${metric} | OOS ${metric} | IS return | OOS return | OOS buy-and-hold | OOS trades | OOS max drawdown | evidence |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...figures,
  ];
}

function bestSection({ best, tuned, optimisation }: DemoReportInput): string[] {
  const { result } = best;
  const period = bestPeriod(best);
  return [
    `## Best out of sample: ${best.symbol}, tuned parameters, one run over all bars`,
    '',
    `${best.symbol} had the highest OOS ${optimisation.metric} (${formatNumber(tuned.best.outOfSampleValue, 4)}). ` +
      `Its tuned parameters (${formatParams(result.strategy.params)}) backtested in one run over ${formatPeriod(period.from, period.to, period.bars)}: ` +
      `in-sample and out-of-sample bars together, so these are not out-of-sample figures. ` +
      `Fee ${result.costs.feeBps} bps, slippage ${result.costs.slippageBps} bps.`,
    '',
    '| metric | value |',
    '|---|---|',
    ...METRIC_ROWS.map(({ key, label, format }) => `| ${label} | ${format(result.metrics[key])} |`),
  ];
}

/**
 * The demo's report: Markdown for people, JSON for scripts. Both are read from the demo's results
 * as they are, never recomputed, and say which parameters and which bars each figure belongs to.
 */
export function demoReport(input: DemoReportInput) {
  const { screen, optimisation, best } = input;
  const markdown = [
    `# fleet demo: ${screen.spec} on the sandbox universe`,
    '',
    ...screenSection(input),
    '',
    ...tunedSection(input),
    '',
    ...bestSection(input),
    '',
  ].join('\n');
  const json = {
    spec: screen.spec,
    timeframe: screen.timeframe,
    screen: {
      defaultParams: screen.params,
      minTrades: screen.minTrades,
      rows: screen.rows.map((r) => ({
        rank: r.rank,
        symbol: r.symbol,
        period: { from: r.firstTime, to: r.lastTime, bars: r.bars },
        score: r.score,
        passed: r.passed,
        metrics: r.metrics,
      })),
    },
    optimisation: {
      metric: optimisation.metric,
      sampler: optimisation.sampler,
      seed: optimisation.seed,
      instruments: optimisation.instruments.map((i) => {
        const periods = splitPeriods(i);
        return {
          symbol: i.symbol,
          trials: i.trials,
          tunedParams: i.best.params,
          inSample: {
            period: periods.inSample,
            value: i.best.inSampleValue,
            metrics: i.best.inSample,
            buyAndHold: i.buyAndHold.inSample,
          },
          outOfSample: {
            period: periods.outOfSample,
            value: i.best.outOfSampleValue,
            metrics: i.best.outOfSample,
            buyAndHold: i.buyAndHold.outOfSample,
          },
          degradation: i.best.degradation,
          report: optimisation.reports[i.symbol],
        };
      }),
    },
    best: {
      symbol: best.symbol,
      chosenBy: `highest out-of-sample ${optimisation.metric}`,
      tunedParams: best.result.strategy.params,
      period: bestPeriod(best),
      costs: best.result.costs,
      metrics: best.result.metrics,
      trades: best.result.trades,
    },
  };
  return { markdown, json };
}
