import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/core/index.js';
import {
  createSampler,
  type ParamPoint,
  type SearchSpace,
  type TrialRecord,
} from '../../../../src/optimise/samplers/index.js';
import { runStudy } from './helpers.js';

const SPACE: SearchSpace = {
  fast: { kind: 'int', low: 2, high: 50, step: 1, log: false },
  slow: { kind: 'int', low: 5, high: 60, step: 1, log: false },
  k: { kind: 'float', low: 0.5, high: 3, step: 0.5, log: false },
};
const fastBelowSlow = (p: ParamPoint) => (p.fast as number) < (p.slow as number);
// The best points sit on the constraint's edge, where l(x) puts candidates on both sides of it.
const objective = (p: ParamPoint) => ((p.fast as number) - 30) ** 2 + ((p.slow as number) - 28) ** 2 + (p.k as number);

describe('constraints', () => {
  for (const name of ['tpe', 'random', 'grid'] as const) {
    for (const multivariate of [false, true]) {
      if (name !== 'tpe' && multivariate) continue;
      it(`${name}${multivariate ? ' (multivariate)' : ''} never proposes an infeasible point`, () => {
        for (const seed of [1, 2, 3]) {
          const sampler = createSampler(name, { seed, multivariate, nStartupTrials: 5 });
          const trials = runStudy(sampler, SPACE, objective, 80, 'minimize', fastBelowSlow);
          for (const trial of trials) expect(fastBelowSlow(trial.params), JSON.stringify(trial.params)).toBe(true);
        }
      });
    }
  }

  it('TPE still converges when its favourite region is cut by the constraint', () => {
    const sampler = createSampler('tpe', { seed: 5, nStartupTrials: 10 });
    const trials = runStudy(sampler, SPACE, objective, 80, 'minimize', fastBelowSlow);
    // The feasible optimum is fast 28/29, slow 29/30, k 0.5: within a few units of it.
    expect(Math.min(...trials.map((t) => t.value as number))).toBeLessThan(12);
  });

  it('an impossible constraint is a UsageError, not a hang', () => {
    const never = () => false;
    for (const name of ['tpe', 'random'] as const) {
      const sampler = createSampler(name, { seed: 1 });
      expect(() => sampler.sample({ space: SPACE, trials: [], direction: 'minimize', feasible: never })).toThrow(
        new UsageError('no feasible point found in 10000 draws; check the constraints against the ranges'),
      );
    }
    const grid = createSampler('grid', { seed: 1 });
    expect(() => grid.sample({ space: SPACE, trials: [], direction: 'minimize', feasible: never })).toThrow(UsageError);
    expect(() => grid.sample({ space: SPACE, trials: [], direction: 'minimize', feasible: never })).toThrow(
      'no grid point satisfies the constraints',
    );
  });

  it('TPE past its startup falls back to a feasible random point when its candidates all fail', () => {
    // Only a thin diagonal band is feasible: TPE's candidates rarely land on it.
    const band = (p: ParamPoint) => (p.slow as number) - (p.fast as number) === 3;
    const trials: TrialRecord[] = runStudy(createSampler('tpe', { seed: 3 }), SPACE, objective, 40, 'minimize', band);
    for (const trial of trials) expect(band(trial.params)).toBe(true);
    // Past the startup, a constraint no point meets is still a UsageError.
    const never = () => false;
    const sampler = createSampler('tpe', { seed: 3 });
    expect(() => sampler.sample({ space: SPACE, trials, direction: 'minimize', feasible: never })).toThrow(UsageError);
  });
});
