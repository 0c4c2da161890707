import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../../src/core/index.js';
import {
  createSampler,
  defaultWeights,
  type ParamPoint,
  RandomSampler,
  type SearchSpace,
  TpeSampler,
  type TrialRecord,
} from '../../../../src/optimise/samplers/index.js';
import { parameterGroups } from '../../../../src/optimise/samplers/parameter-groups.js';
import { ParzenEstimator, type ParzenParameters } from '../../../../src/optimise/samplers/parzen-estimator.js';
import { BRANIN_SPACE, best, branin, expectOnDomain, runStudy } from './helpers.js';

/** The multivariate estimator's settings as the default sampler uses them. */
const JOINT: ParzenParameters = {
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  weights: defaultWeights,
  priorInGaps: false,
  magicClipExponent: 2,
  minBandwidthFactor: 0.03,
};

describe('the multivariate Parzen estimator', () => {
  it('is a density: it integrates to 1 over a continuous space', () => {
    const space: SearchSpace = {
      x: { kind: 'float', low: -5, high: 10, log: false },
      y: { kind: 'float', low: 0, high: 15, log: false },
    };
    const estimator = new ParzenEstimator(
      space,
      ['x', 'y'],
      [
        [-3, 2, 9.5],
        [1, 14, 7],
      ],
      JOINT,
    );
    // Midpoint rule on a 300 x 300 grid.
    const cells = 300;
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < cells; i++) {
      for (let j = 0; j < cells; j++) {
        xs.push(-5 + (15 * (i + 0.5)) / cells);
        ys.push((15 * (j + 0.5)) / cells);
      }
    }
    const logPdf = estimator.logPdf([xs, ys]);
    const integral = logPdf.reduce((sum, v) => sum + Math.exp(v), 0) * (15 / cells) * (15 / cells);
    expect(integral).toBeCloseTo(1, 3);
  });

  it('sums to 1 over every point of a grid with a categorical parameter', () => {
    const space: SearchSpace = {
      n: { kind: 'int', low: 2, high: 40, step: 2, log: false },
      mode: { kind: 'categorical', choices: ['ema', 'sma', 'wma'] },
      r: { kind: 'int', low: 1, high: 64, step: 1, log: true },
    };
    const estimator = new ParzenEstimator(
      space,
      ['n', 'mode', 'r'],
      [
        [4, 38, 20],
        [0, 2, 2],
        [1, 8, 64],
      ],
      JOINT,
    );
    const columns: number[][] = [[], [], []];
    for (let n = 2; n <= 40; n += 2) {
      for (let mode = 0; mode < 3; mode++) {
        for (let r = 1; r <= 64; r++) {
          columns[0].push(n);
          columns[1].push(mode);
          columns[2].push(r);
        }
      }
    }
    const total = estimator.logPdf(columns).reduce((sum, v) => sum + Math.exp(v), 0);
    expect(total).toBeCloseTo(1, 9);
  });

  it('keeps each observation whole: a kernel is one point in every dimension, not a product of marginals', () => {
    const space: SearchSpace = {
      x: { kind: 'float', low: 0, high: 1, log: false },
      y: { kind: 'float', low: 0, high: 1, log: false },
    };
    // Many observations on the diagonal corners (0.1, 0.1) and (0.9, 0.9).
    const xs = [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9];
    const joint = new ParzenEstimator(space, ['x', 'y'], [xs, xs], JOINT);
    const [onDiagonal, offDiagonal] = joint.logPdf([
      [0.1, 0.1],
      [0.1, 0.9],
    ]);
    expect(onDiagonal - offDiagonal).toBeGreaterThan(3);
    // One estimator per parameter sees the same marginals and cannot tell the two apart.
    const x = new ParzenEstimator(space, ['x'], [xs], JOINT);
    const y = new ParzenEstimator(space, ['y'], [xs], JOINT);
    const product = (px: number, py: number) => x.logPdf([[px]])[0] + y.logPdf([[py]])[0];
    expect(product(0.1, 0.1)).toBeCloseTo(product(0.1, 0.9), 12);
  });

  it('draws its samples inside the space and near the observations', () => {
    const estimator = new ParzenEstimator(
      BRANIN_SPACE,
      ['x1', 'x2'],
      [new Array(30).fill(3), new Array(30).fill(2)],
      JOINT,
    );
    const [x1, x2] = estimator.sample(createRandom('draws'), 400);
    for (let i = 0; i < 400; i++) expectOnDomain(BRANIN_SPACE, { x1: x1[i], x2: x2[i] });
    const near = x1.filter((v, i) => Math.abs(v - 3) < 1.5 && Math.abs(x2[i] - 2) < 1.5).length;
    expect(near / 400).toBeGreaterThan(0.8);
  });
});

describe('group decomposition (conditional parameters)', () => {
  const space: SearchSpace = {
    kind: { kind: 'categorical', choices: ['a', 'b'] },
    y: { kind: 'float', low: -10, high: 10, log: false },
    z: { kind: 'int', low: -10, high: 10, step: 1, log: false },
    w: { kind: 'float', low: 0, high: 1, log: false },
  };
  const trial = (number: number, params: ParamPoint, state: TrialRecord['state'] = 'complete'): TrialRecord => ({
    number,
    params,
    state,
    value: 0,
  });

  it('splits the parameters into the parts every trial holds whole or not at all', () => {
    const names = ['kind', 'y', 'z', 'w'];
    expect(parameterGroups(space, names, [])).toEqual([names]);
    const all = [trial(0, { kind: 'a', y: 1, z: 2, w: 0.5 }), trial(1, { kind: 'b', y: 3, z: 4, w: 0.1 })];
    expect(parameterGroups(space, names, all)).toEqual([names]);
    const conditional = [trial(0, { kind: 'a', y: 1 }), trial(1, { kind: 'b', z: 4 }), trial(2, { kind: 'a', y: -2 })];
    expect(parameterGroups(space, names, conditional)).toEqual([['kind'], ['y'], ['z'], ['w']]);
    // Running trials do not shape the groups; a value outside the distribution is not held.
    const mixed = [
      trial(0, { kind: 'a', y: 1, w: 0.2 }),
      trial(1, { kind: 'b', z: 4 }, 'running'),
      trial(2, { kind: 'b', y: 2, w: 'none' }),
    ];
    expect(parameterGroups(space, names, mixed)).toEqual([['kind', 'y'], ['w'], ['z']]);
  });

  it('learns each branch of a conditional objective from the trials that use it', () => {
    // kind a uses y (best at y = 2, value 0); kind b uses z (best 1 at z = -3).
    const objective = (p: ParamPoint) => (p.kind === 'a' ? ((p.y as number) - 2) ** 2 : ((p.z as number) + 3) ** 2 + 1);
    const sampler = new TpeSampler({ seed: 3 });
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 60; i++) {
      const point = sampler.sample({ space, trials, direction: 'minimize' });
      expectOnDomain(space, point);
      // Record only what the objective used, as a conditional search would.
      const params: ParamPoint = point.kind === 'a' ? { kind: 'a', y: point.y } : { kind: 'b', z: point.z };
      trials.push({ number: i, params, state: 'complete', value: objective(point) });
    }
    expect(best(trials, 'minimize')).toBeLessThan(0.05);
    const late = trials.slice(30);
    expect(late.filter((t) => t.params.kind === 'a').length / late.length).toBeGreaterThan(0.6);
  });
});

describe('the multivariate TPE sampler', () => {
  it('is the default: TpeSampler and --sampler tpe are multivariate, tpe-independent is not', () => {
    expect(new TpeSampler({ seed: 1 }).name).toBe('tpe');
    expect(createSampler('tpe', { seed: 1 }).name).toBe('tpe');
    expect(createSampler('tpe-independent', { seed: 1 }).name).toBe('tpe-independent');
    const trials = runStudy(new RandomSampler({ seed: 2 }), BRANIN_SPACE, branin, 20);
    const context = { space: BRANIN_SPACE, trials, direction: 'minimize' as const };
    expect(createSampler('tpe', { seed: 2 }).sample(context)).toEqual(
      new TpeSampler({ seed: 2, multivariate: true }).sample(context),
    );
    expect(createSampler('tpe-independent', { seed: 2 }).sample(context)).toEqual(
      new TpeSampler({ seed: 2, multivariate: false }).sample(context),
    );
    expect(createSampler('tpe', { seed: 2 }).sample(context)).not.toEqual(
      createSampler('tpe-independent', { seed: 2 }).sample(context),
    );
  });

  it('beats random search on Branin with a seeded budget of 30 trials (in every one of 5 seeds, summed)', () => {
    let tpe = 0;
    let random = 0;
    for (let seed = 0; seed < 5; seed++) {
      tpe += best(runStudy(new TpeSampler({ seed }), BRANIN_SPACE, branin, 30), 'minimize');
      random += best(runStudy(new RandomSampler({ seed }), BRANIN_SPACE, branin, 30), 'minimize');
    }
    expect(tpe).toBeLessThan(random * 0.6);
  });

  it('gives the same proposals for the same seed and trials, and others for another seed', () => {
    const first = runStudy(new TpeSampler({ seed: 5 }), BRANIN_SPACE, branin, 25).map((t) => t.params);
    const again = runStudy(new TpeSampler({ seed: 5 }), BRANIN_SPACE, branin, 25).map((t) => t.params);
    const other = runStudy(new TpeSampler({ seed: 6 }), BRANIN_SPACE, branin, 25).map((t) => t.params);
    expect(again).toEqual(first);
    expect(other.slice(10)).not.toEqual(first.slice(10));
  });

  it('rejects a bad magic clip with a UsageError', () => {
    expect(() => new TpeSampler({ seed: 1, magicClipExponent: 0 })).toThrow(
      'magicClipExponent must be a finite number > 0',
    );
    expect(() => new TpeSampler({ seed: 1, minBandwidthFactor: Number.NaN })).toThrow(
      'minBandwidthFactor must be a finite number > 0',
    );
  });
});

describe('the bounded history', () => {
  it('fits g(x) to the newest maxAboveTrials "above" trials: older ones no longer change the proposal', () => {
    const trials = runStudy(new RandomSampler({ seed: 7 }), BRANIN_SPACE, branin, 60);
    const context = (t: TrialRecord[]) => ({ space: BRANIN_SPACE, trials: t, direction: 'minimize' as const });
    // Move an old, bad trial (not among the best 6, so in "above")...
    const worst = trials.slice(0, 30).reduce((a, b) => ((a.value as number) >= (b.value as number) ? a : b));
    // ... onto the point the sampler would propose, where it matters most to g(x).
    const proposal = new TpeSampler({ seed: 7 }).sample(context(trials));
    const moved = trials.map((t) => (t === worst ? { ...t, params: proposal } : t));
    const capped = new TpeSampler({ seed: 7, maxAboveTrials: 20 });
    expect(capped.sample(context(moved))).toEqual(capped.sample(context(trials)));
    const unbounded = new TpeSampler({ seed: 7, maxAboveTrials: 1000 });
    expect(unbounded.sample(context(moved))).not.toEqual(unbounded.sample(context(trials)));
  });
});
