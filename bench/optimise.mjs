// The optimiser on a real objective: the EMA-cross example tuned on 100,000 sandbox bars.
import { readFile } from 'node:fs/promises';
import { backtestSpec, generateSandboxCandles, loadSpec, sliceCandles } from '../dist/index.js';
import { MemoryStudyStorage, optimise } from '../dist/optimise/index.js';
import { median, timeIt } from './measure.mjs';

const BARS = 100_000;
const SEEDS = 10;
const CHECKPOINTS = [25, 50, 100];

async function exampleSpec() {
  return loadSpec(JSON.parse(await readFile(new URL('../examples/specs/ema-cross.json', import.meta.url), 'utf8')));
}

const study = (spec, sampler, seed, trials, storage, workers = 0) =>
  optimise({
    spec,
    symbols: ['SBX-WALK'],
    source: { kind: 'sandbox' },
    bars: BARS,
    trials,
    metric: 'sharpe',
    sampler,
    seed,
    split: 0.7,
    constraints: { minTrades: 10 },
    workers,
    storage,
  });

/** Median (over seeds) of the best in-sample Sharpe found after 25, 50 and 100 trials. */
export async function benchOptimiseQuality() {
  const spec = await exampleSpec();
  const rows = [];
  const medians = {};
  for (const sampler of ['tpe', 'random']) {
    const bests = CHECKPOINTS.map(() => []);
    for (let seed = 0; seed < SEEDS; seed++) {
      const result = await study(spec, sampler, seed, 100);
      const history = result.instruments[0].history;
      CHECKPOINTS.forEach((n, k) => bests[k].push(history[n - 1].best ?? Number.NEGATIVE_INFINITY));
    }
    medians[sampler] = bests.map(median);
  }
  CHECKPOINTS.forEach((n, k) =>
    rows.push([
      `optimise: EMA cross, best Sharpe @${n}`,
      `TPE ${medians.tpe[k].toFixed(3)} / random ${medians.random[k].toFixed(3)}`,
      `median of ${SEEDS} seeds, SBX-WALK ${BARS.toLocaleString('en-US')} bars (70% in-sample), higher is better${n >= 50 ? (medians.tpe[k] > medians.random[k] ? ': TPE ahead' : ': random ahead') : ''}`,
    ]),
  );
  return rows;
}

/** Wall time of an optimisation against the backtests it had to run. */
export async function benchOptimiseOverhead() {
  const spec = await exampleSpec();
  const trials = 100;
  const candles = generateSandboxCandles({ symbol: 'SBX-WALK', timeframe: '1h', bars: BARS });
  const inSample = sliceCandles(candles, 0, Math.floor(BARS * 0.7));
  const oneBacktest = await timeIt(() => backtestSpec(spec, inSample, { params: { fast: 12, slow: 60 } }), { runs: 21 });
  const storage = new MemoryStudyStorage();
  let evaluations = 0;
  const wall = await timeIt(
    async () => {
      const result = await study(spec, 'tpe', 1, trials, new MemoryStudyStorage(), 0);
      const robustness = result.instruments[0].robustness;
      // trials + robustness neighbours + the out-of-sample run + the full-period evidence run
      evaluations = trials + robustness.reduce((n, r) => n + (r.below ? 1 : 0) + (r.above ? 1 : 0), 0) + 2;
    },
    { warmup: 1, runs: 3 },
  );
  void storage;
  const expected = evaluations * oneBacktest;
  const parallel = await timeIt(() => study(spec, 'tpe', 1, trials, new MemoryStudyStorage(), 2), { warmup: 1, runs: 3 });
  return [
    ['optimise: one in-sample backtest', `${oneBacktest.toFixed(2)} ms`, `${Math.floor(BARS * 0.7).toLocaleString('en-US')} bars`],
    ['optimise: 100 TPE trials, 1 thread', `${wall.toFixed(0)} ms`, `${evaluations} backtests x one backtest = ${expected.toFixed(0)} ms`],
    ['optimise: overhead over the backtests', `${((wall / expected - 1) * 100).toFixed(0)}%`, 'target < 30% (sampling, storage, robustness bookkeeping, evidence)'],
    ['optimise: 100 TPE trials, 2 workers', `${parallel.toFixed(0)} ms`, 'worker start-up included'],
  ];
}
