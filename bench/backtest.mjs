// Spec-driven backtest against the same strategy hand-written, on 1,000,000 sandbox bars.
import { readFile } from 'node:fs/promises';
import { backtestSpec, computeMetrics, generateSandboxCandles, loadSpec } from '../dist/index.js';
import { handWrittenEmaCross } from './hand-written.mjs';
import { millions, timeIt } from './measure.mjs';

export async function benchBacktest() {
  const bars = 1_000_000;
  const candles = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars, seed: 1 });
  const spec = loadSpec(JSON.parse(await readFile(new URL('./ema-cross-plain.json', import.meta.url), 'utf8')));
  const params = { fast: 10, slow: 30 };

  // Both must make the same trades, or the comparison means nothing.
  const engine = backtestSpec(spec, candles, { params });
  const hand = handWrittenEmaCross(candles, 10, 30, 10, 5);
  if (engine.trades.length !== hand.trades.length) throw new Error('engine and hand-written loop disagree on trades');
  const drift = Math.abs(engine.equity[bars - 1] / hand.equity[bars - 1] - 1);
  if (drift > 1e-9) throw new Error(`engine and hand-written loop disagree on final equity (${drift})`);

  const engineMs = await timeIt(() => backtestSpec(spec, candles, { params }), { runs: 15 });
  // A backtest is only useful with its statistics, so the hand-written run computes the same
  // metrics from its equity curve and trades that the engine reports.
  const handWithMetrics = () => {
    const { equity, trades } = handWrittenEmaCross(candles, 10, 30, 10, 5);
    return computeMetrics({ equity, initialCash: 10_000, trades, barsInPosition: 0, barsPerYear: 8760 });
  };
  const handLoopMs = await timeIt(() => handWrittenEmaCross(candles, 10, 30, 10, 5), { runs: 15 });
  const handMs = await timeIt(handWithMetrics, { runs: 15 });
  const engineRate = bars / (engineMs / 1000);
  const handRate = bars / (handMs / 1000);
  return [
    [
      'backtest: bars',
      bars.toLocaleString('en-US'),
      `EMA(10)/EMA(30) cross, fee 10 bps, slippage 5 bps, ${engine.trades.length} trades`,
    ],
    [
      'backtest: spec-driven engine',
      `${millions(engineRate)}bars/s`,
      `${engineMs.toFixed(1)} ms (compile, run, metrics)`,
    ],
    [
      'backtest: hand-written loop',
      `${millions(handRate)}bars/s`,
      `${handMs.toFixed(1)} ms (loop, then the same metrics)`,
    ],
    ['backtest: engine / hand-written', (engineRate / handRate).toFixed(2), 'target >= 0.5'],
    [
      'backtest: hand-written loop alone',
      `${millions(bars / (handLoopMs / 1000))}bars/s`,
      `${handLoopMs.toFixed(1)} ms (no metrics)`,
    ],
  ];
}
