import type { BacktestJobResult } from '../backtest/index.js';
import type { ScreenResult } from '../screen/index.js';
import type { OptimisePipelineResult } from './optimise-pipeline.js';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');
const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(2));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The demo's report: Markdown for people, JSON (metrics and trades) for scripts. */
export function demoReport(ranking: ScreenResult, optimisation: OptimisePipelineResult, best: BacktestJobResult) {
  const { result, symbol, time } = best;
  const m = result.metrics;
  const rows = ranking.rows.map(
    (r) =>
      `| ${r.rank} | ${r.symbol} | ${num(r.score)} | ${num(r.metrics.sharpe)} | ${pct(r.metrics.totalReturn)} | ${pct(r.metrics.maxDrawdown)} | ${r.metrics.trades} |${r.passed ? '' : ' below min trades'}`,
  );
  const params = Object.entries(result.strategy.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const markdown = [
    `# fleet demo: ${ranking.spec} on the sandbox universe`,
    '',
    `Screened ${ranking.rows.length} instruments (${ranking.timeframe} bars, default parameters: ${params}),`,
    `ranked by the composite score (Sharpe less penalties for fewer than ${ranking.minTrades} trades and for drawdowns past 20%).`,
    '',
    '| # | symbol | score | Sharpe | return | max drawdown | trades |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `## Tuned: the top ${optimisation.instruments.length}, ${optimisation.instruments[0]?.trials ?? 0} ${optimisation.sampler.toUpperCase()} trials each`,
    '',
    `Parameters chosen on the first 70% of the bars (in-sample, IS) and then judged on the last 30% (out-of-sample, OOS), which the search never saw. A large drop from IS to OOS is an overfit.`,
    '',
    `| symbol | IS ${optimisation.metric} | OOS ${optimisation.metric} | OOS return | parameters | evidence |`,
    '|---|---|---|---|---|---|',
    ...optimisation.instruments.map(
      (i) =>
        `| ${i.symbol} | ${num(i.best.inSampleValue)} | ${num(i.best.outOfSampleValue)} | ${pct(i.best.outOfSample.totalReturn)} | ${Object.entries(
          i.best.params,
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')} | ${optimisation.reports[i.symbol] ?? ''} |`,
    ),
    '',
    `## Best out of sample: ${symbol}, tuned, over all bars`,
    '',
    `${result.bars} bars from ${day(time[0])} to ${day(time[time.length - 1])}; fee ${result.costs.feeBps} bps, slippage ${result.costs.slippageBps} bps.`,
    '',
    '| metric | value |',
    '|---|---|',
    `| total return | ${pct(m.totalReturn)} |`,
    `| CAGR | ${pct(m.cagr)} |`,
    `| Sharpe | ${num(m.sharpe)} |`,
    `| Sortino | ${num(m.sortino)} |`,
    `| max drawdown | ${pct(m.maxDrawdown)} |`,
    `| Calmar | ${num(m.calmar)} |`,
    `| trades | ${m.trades} |`,
    `| win rate | ${pct(m.winRate)} |`,
    `| profit factor | ${num(m.profitFactor)} |`,
    `| average trade | ${pct(m.avgTrade)} |`,
    `| exposure | ${pct(m.exposure)} |`,
    '',
  ].join('\n');
  const json = {
    spec: ranking.spec,
    ranking: ranking.rows.map(({ rank, symbol, score, metrics, passed }) => ({ rank, symbol, score, passed, metrics })),
    optimisation: optimisation.instruments.map((i) => ({
      symbol: i.symbol,
      best: i.best,
      report: optimisation.reports[i.symbol],
    })),
    best: { symbol, params: result.strategy.params, metrics: m, trades: result.trades },
  };
  return { markdown, json };
}
