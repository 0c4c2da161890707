// Sampler quality and cost: TPE against random search on Branin (2-D) and Hartmann-6 (6-D), as
// the median over 10 seeds of the best value after 25, 50 and 100 trials; and the time TPE takes
// to propose trial 200 from 199 complete ones.
import { RandomSampler, TpeSampler } from '../dist/optimise/samplers/index.js';
import { median, timeIt } from './measure.mjs';

/** Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]; global minimum 0.397887 (three places). */
export function branin(point) {
  const { x1, x2 } = point;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}
export const BRANIN_MIN = 0.397887;
export const BRANIN_SPACE = {
  x1: { kind: 'float', low: -5, high: 10, log: false },
  x2: { kind: 'float', low: 0, high: 15, log: false },
};

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-6 on [0, 1]^6 (parameters x0..x5); global minimum -3.32237. */
export function hartmann6(point) {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let exponent = 0;
    for (let j = 0; j < 6; j++) exponent += H6_A[i][j] * (point[`x${j}`] - H6_P[i][j]) ** 2;
    sum += H6_ALPHA[i] * Math.exp(-exponent);
  }
  return -sum;
}
export const HARTMANN6_MIN = -3.32237;
export const HARTMANN6_SPACE = Object.fromEntries(
  Array.from({ length: 6 }, (_, j) => [`x${j}`, { kind: 'float', low: 0, high: 1, log: false }]),
);

/**
 * A sequential study: sample, evaluate, append the complete trial. Returns the best value so far
 * after each trial (curve[k - 1] is the best of the first k).
 */
export function runStudyLoop(sampler, space, objective, trials, direction = 'minimize') {
  const records = [];
  const curve = [];
  let best = direction === 'minimize' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (let i = 0; i < trials; i++) {
    const params = sampler.sample({ space, trials: records, direction });
    const value = objective(params);
    records.push({ number: i, params, state: 'complete', value });
    if (direction === 'minimize' ? value < best : value > best) best = value;
    curve.push(best);
  }
  return curve;
}

const SEEDS = 10;
const CHECKPOINTS = [25, 50, 100];
const makers = {
  tpe: (seed) => new TpeSampler({ seed }),
  random: (seed) => new RandomSampler({ seed }),
};

/** Median over the seeds of the best value at each checkpoint. */
function medians(make, space, objective) {
  const curves = Array.from({ length: SEEDS }, (_, seed) => runStudyLoop(make(seed), space, objective, 100));
  return CHECKPOINTS.map((k) => median(curves.map((curve) => curve[k - 1])));
}

/** Milliseconds TPE takes to propose trial 200 of a study with 199 complete trials. */
async function tpeTimePerTrial(space, objective) {
  const records = [];
  const study = new TpeSampler({ seed: 1 });
  for (let i = 0; i < 199; i++) {
    const params = study.sample({ space, trials: records, direction: 'minimize' });
    records.push({ number: i, params, state: 'complete', value: objective(params) });
  }
  const sampler = new TpeSampler({ seed: 2 });
  return timeIt(() => sampler.sample({ space, trials: records, direction: 'minimize' }), { warmup: 3, runs: 9 });
}

// A trading-style space: six whole-number parameters (lengths, thresholds), one of them on a log scale.
const INT_SPACE = Object.fromEntries(
  Array.from({ length: 6 }, (_, j) => [`p${j}`, { kind: 'int', low: 2, high: 200, step: 1, log: j === 5 }]),
);
const intObjective = (point) => Object.values(point).reduce((sum, v, j) => sum + (v - 20 * (j + 1)) ** 2, 0);

export async function benchSamplers() {
  const problems = [
    ['Branin', BRANIN_SPACE, branin, BRANIN_MIN],
    ['Hartmann-6', HARTMANN6_SPACE, hartmann6, HARTMANN6_MIN],
  ];
  const rows = [];
  const verdicts = [];
  for (const [label, space, objective, optimum] of problems) {
    const found = {};
    for (const [name, make] of Object.entries(makers)) {
      found[name] = medians(make, space, objective);
      rows.push([
        `samplers: ${label} ${name}, best @25/50/100`,
        found[name].map((v) => v.toFixed(3)).join(' / '),
        `median of ${SEEDS} seeds; optimum ${optimum}`,
      ]);
    }
    const wins = [1, 2].every((i) => found.tpe[i] < found.random[i]);
    verdicts.push(`${label} ${wins ? 'yes' : 'NO'}`);
  }
  rows.push(['samplers: TPE beats random @50 and @100', verdicts.join(', '), 'target: yes on both']);
  const h6 = await tpeTimePerTrial(HARTMANN6_SPACE, hartmann6);
  rows.push([
    'samplers: TPE time per trial @200',
    `${h6.toFixed(2)} ms`,
    'Hartmann-6, 199 complete trials; target < 5 ms',
  ]);
  const ints = await tpeTimePerTrial(INT_SPACE, intObjective);
  rows.push(['samplers: TPE time per trial @200, 6 ints', `${ints.toFixed(2)} ms`, 'six int parameters (one log)']);
  return rows;
}
