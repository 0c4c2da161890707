import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/index.js';
import {
  defaultGamma,
  defaultWeights,
  type ParamPoint,
  RandomSampler,
  type SearchSpace,
  TpeSampler,
  type TrialRecord,
} from '../../../../src/optimise/samplers/index.js';
import { BRANIN_SPACE, branin, runStudy } from './helpers.js';

const context = (trials: TrialRecord[], direction: 'minimize' | 'maximize' = 'minimize') => ({
  space: BRANIN_SPACE,
  trials,
  direction,
});

describe("Optuna's defaults", () => {
  it('gamma: the best 10%, rounded up, at most 25', () => {
    expect([0, 1, 10, 11, 100, 249, 250, 1000].map(defaultGamma)).toEqual([0, 1, 1, 2, 10, 25, 25, 25]);
  });

  it('weights: 1 for the newest 25, a ramp from 1/n for the older ones', () => {
    expect(defaultWeights(0)).toEqual([]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    expect(defaultWeights(25)).toEqual(new Array(25).fill(1));
    const w = defaultWeights(30);
    expect(w).toHaveLength(30);
    expect(w.slice(0, 5)).toEqual([
      1 / 30,
      1 / 30 + (29 / 30) * 0.25,
      1 / 30 + (29 / 30) * 0.5,
      1 / 30 + (29 / 30) * 0.75,
      1,
    ]);
    expect(w.slice(5)).toEqual(new Array(25).fill(1));
    expect(defaultWeights(26)[0]).toBe(1 / 26);
  });
});

describe('TPE sampler', () => {
  it('draws at random until nStartupTrials trials are complete; running and failed ones do not count', () => {
    const complete = runStudy(new RandomSampler({ seed: 1 }), BRANIN_SPACE, branin, 9);
    const pending: TrialRecord[] = [
      ...complete,
      { number: 9, params: { x1: 0, x2: 0 }, state: 'running' },
      { number: 10, params: { x1: 1, x2: 1 }, state: 'failed' },
    ];
    const tpe = new TpeSampler({ seed: 3, nStartupTrials: 10 });
    const random = new RandomSampler({ seed: 3 });
    expect(tpe.sample(context(pending))).toEqual(random.sample(context(pending)));
    const ten = [...complete, { number: 9, params: { x1: 0, x2: 0 }, state: 'complete', value: 55.6 } as const];
    expect(tpe.sample(context(ten))).not.toEqual(random.sample(context(ten)));
  });

  it('ignores failed trials', () => {
    const complete = runStudy(new RandomSampler({ seed: 4 }), BRANIN_SPACE, branin, 15);
    const failedAt = (params: ParamPoint): TrialRecord[] => [...complete, { number: 15, params, state: 'failed' }];
    const tpe = new TpeSampler({ seed: 4 });
    expect(tpe.sample(context(failedAt({ x1: -5, x2: 0 })))).toEqual(tpe.sample(context(failedAt({ x1: 9, x2: 2 }))));
  });

  it('treats a non-finite value as the worst, whichever the direction', () => {
    for (const direction of ['minimize', 'maximize'] as const) {
      const sign = direction === 'minimize' ? 1 : -1;
      const trials = runStudy(new RandomSampler({ seed: 5 }), BRANIN_SPACE, (p) => sign * branin(p), 20, direction);
      const withValue = (value: number) => trials.map((t, i) => (i === 7 ? { ...t, value } : t));
      const tpe = new TpeSampler({ seed: 5 });
      const worst = tpe.sample(context(withValue(sign * 1e300), direction));
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(tpe.sample(context(withValue(value), direction)), `${direction} ${value}`).toEqual(worst);
      }
      // And the substitute really is the worst, not just any value: the best value moves the proposal.
      expect(tpe.sample(context(withValue(sign * -1e300), direction))).not.toEqual(worst);
    }
  });

  it('learns a categorical preference', () => {
    const space: SearchSpace = {
      mode: { kind: 'categorical', choices: ['a', 'b', 'c', 'd'] },
      noise: { kind: 'float', low: 0, high: 1, log: false },
    };
    const cost: Record<string, number> = { a: 1, b: 0, c: 2, d: 3 };
    const trials = runStudy(
      new TpeSampler({ seed: 6 }),
      space,
      (p) => cost[p.mode as string] + 0.5 * (p.noise as number),
      60,
    );
    const late = trials.slice(20).filter((t) => t.params.mode === 'b').length;
    expect(late / 40).toBeGreaterThan(0.6);
  });

  it('models log parameters on the log scale', () => {
    const space: SearchSpace = { rate: { kind: 'float', low: 1e-6, high: 1, log: true } };
    const trials = runStudy(new TpeSampler({ seed: 7 }), space, (p) => Math.log10((p.rate as number) / 1e-3) ** 2, 40);
    const bestRate = trials.reduce((a, b) => ((a.value as number) <= (b.value as number) ? a : b)).params
      .rate as number;
    expect(Math.abs(Math.log10(bestRate / 1e-3))).toBeLessThan(0.15);
    // Late proposals crowd around 1e-3: most within a decade of it.
    const near = trials.slice(20).filter((t) => Math.abs(Math.log10((t.params.rate as number) / 1e-3)) < 1).length;
    expect(near / 20).toBeGreaterThan(0.6);
  });

  it('honours the gamma and weights options', () => {
    const trials = runStudy(new RandomSampler({ seed: 8 }), BRANIN_SPACE, branin, 30);
    const base = new TpeSampler({ seed: 8 }).sample(context(trials));
    expect(new TpeSampler({ seed: 8, gamma: () => 15 }).sample(context(trials))).not.toEqual(base);
    expect(
      new TpeSampler({ seed: 8, weights: (n) => Array.from({ length: n }, (_, i) => (i === n - 1 ? 1 : 0.01)) }).sample(
        context(trials),
      ),
    ).not.toEqual(base);
    expect(new TpeSampler({ seed: 8, priorWeight: 0 }).sample(context(trials))).not.toEqual(base);
  });

  it('rejects bad options with a UsageError', () => {
    expect(() => new TpeSampler({ seed: Number.NaN })).toThrow(UsageError);
    expect(() => new TpeSampler({ seed: 1, nEiCandidates: 0 })).toThrow('nEiCandidates must be a whole number >= 1');
    expect(() => new TpeSampler({ seed: 1, nStartupTrials: -1 })).toThrow(UsageError);
    expect(() => new TpeSampler({ seed: 1, priorWeight: -1 })).toThrow('priorWeight must be a finite number >= 0');
    const trials = runStudy(new RandomSampler({ seed: 1 }), BRANIN_SPACE, branin, 12);
    const negative = new TpeSampler({ seed: 1, weights: (n) => new Array(n).fill(-1) });
    expect(() => negative.sample(context(trials))).toThrow(UsageError);
    const nanGamma = new TpeSampler({ seed: 1, gamma: () => Number.NaN });
    expect(() => nanGamma.sample(context(trials))).toThrow(UsageError);
  });
});
