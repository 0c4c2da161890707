// The optimiser on a real objective: the EMA-cross example tuned on 100,000 sandbox bars.
import { readFile } from 'node:fs/promises';
import { WorkerPool } from '../dist/core/index.js';
import { loadSpec } from '../dist/index.js';
import {
  createSampler,
  feasibleFor,
  MemoryStudyStorage,
  optimise,
  runStudyLoop,
  searchSpace,
} from '../dist/optimise/index.js';
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

/**
 * The strategy objective: median (over seeds 0-9) of the best in-sample Sharpe found after 25, 50
 * and 100 trials of a real `optimise` run (the study loop with its proposal window and constant
 * liar), per sampler name. bench/samplers.mjs reports it beside the test functions.
 */
export async function strategyMedians(samplers) {
  const spec = await exampleSpec();
  const medians = {};
  for (const sampler of samplers) {
    const bests = CHECKPOINTS.map(() => []);
    for (let seed = 0; seed < SEEDS; seed++) {
      const result = await study(spec, sampler, seed, 100);
      const history = result.instruments[0].history;
      CHECKPOINTS.forEach((n, k) => {
        bests[k].push(history[n - 1].best ?? Number.NEGATIVE_INFINITY);
      });
    }
    medians[sampler] = bests.map(median);
  }
  return medians;
}
export const STRATEGY_LABEL = `EMA cross, SBX-WALK ${BARS.toLocaleString('en-US')} bars (70% in-sample), best Sharpe`;

/** TPE against random search on the strategy objective. */
export async function benchOptimiseQuality() {
  const medians = await strategyMedians(['tpe', 'random']);
  return CHECKPOINTS.map((n, k) => [
    `optimise: EMA cross, best Sharpe @${n}`,
    `TPE ${medians.tpe[k].toFixed(3)} / random ${medians.random[k].toFixed(3)}`,
    `median of ${SEEDS} seeds, SBX-WALK ${BARS.toLocaleString('en-US')} bars (70% in-sample), higher is better${n >= 50 ? (medians.tpe[k] > medians.random[k] ? ': TPE ahead' : ': random ahead') : ''}`,
  ]);
}

/**
 * The optimiser's own cost: a 100-trial TPE study on one worker thread, its wall time against the
 * time its backtests took (each timed inside the worker). The main thread samples the next point
 * while the worker runs the last, so what is left is what sampling could not hide.
 */
export async function benchOptimiseOverhead() {
  const spec = await exampleSpec();
  const trials = 100;
  const data = { source: { kind: 'sandbox' }, symbol: 'SBX-WALK', bars: BARS, seed: 0 };
  const end = Math.floor(BARS * 0.7);
  const space = searchSpace(spec);
  const feasible = feasibleFor(spec);
  const pool = new WorkerPool(new URL('../dist/optimise/trial-worker.js', import.meta.url), 1);
  const runs = [];
  try {
    for (let k = 0; k < 4; k++) {
      let busy = 0;
      const evaluate = async (params) => {
        const result = await pool.run({ spec, data, end, params, metric: 'sharpe', constraints: { minTrades: 10 } });
        if (result.ok) busy += result.value.durationMs;
        return result;
      };
      const start = performance.now();
      await runStudyLoop({
        study: { name: `overhead-${k}` },
        storage: new MemoryStudyStorage(),
        sampler: createSampler('tpe', { seed: k, constantLiar: true }),
        space,
        trials,
        feasible,
        evaluate,
      });
      runs.push({ wall: performance.now() - start, busy });
    }
  } finally {
    await pool.close();
  }
  // The first run loads the data and warms the thread up; the median of the rest.
  const { wall, busy } = runs.slice(1).sort((a, b) => a.wall - b.wall)[1];
  const parallel = await timeIt(() => study(spec, 'tpe', 1, trials, new MemoryStudyStorage(), 2), {
    warmup: 1,
    runs: 3,
  });
  return [
    [
      'optimise: 100 TPE trials, 1 worker',
      `${wall.toFixed(0)} ms`,
      `of which backtests ${busy.toFixed(0)} ms (${end.toLocaleString('en-US')} in-sample bars each)`,
    ],
    [
      'optimise: overhead over the backtests',
      `${((wall / busy - 1) * 100).toFixed(0)}%`,
      'target < 30% (sampling not hidden, messages, storage)',
    ],
    [
      'optimise: full run, 2 workers',
      `${parallel.toFixed(0)} ms`,
      '100 trials + robustness + out-of-sample + evidence, worker start-up included',
    ],
  ];
}
